using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CoachBot.Digests;

/// <summary>What an export link grants: one dataset, a date range (both days included), until an instant.</summary>
public sealed record ExportGrant(string Dataset, DateOnly From, DateOnly To, DateTimeOffset Expires);

/// <summary>
/// Signed, expiring export links. The link carries what it grants (dataset, from, to) and its expiry in clear, and an
/// HMAC-SHA256 of exactly those four values under <see cref="DigestOptions.ExportSigningKey"/>: changing any of them, or
/// using the link after its expiry, gets it refused. Nothing in it can be guessed without the key.
/// </summary>
public sealed class ExportLinks(IOptions<DigestOptions> options, TimeProvider clock)
{
    public const string CheckIns = "checkins";
    public const string Requests = "requests";
    public const string Coaching = "coaching";

    public static IReadOnlyList<string> Datasets { get; } = [CheckIns, Requests, Coaching];

    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>The link for <paramref name="dataset"/> over the range, valid for <see cref="DigestOptions.ExportLinkLifetime"/>; null when no public base URL is configured.</summary>
    public Uri? Create(string dataset, DateOnly from, DateOnly to)
    {
        if (!Uri.TryCreate(options.Value.PublicBaseUrl, UriKind.Absolute, out var baseUrl))
        {
            return null;
        }
        var expires = clock.GetUtcNow().Add(options.Value.ExportLinkLifetime).ToUnixTimeSeconds();
        var query = string.Create(CultureInfo.InvariantCulture,
            $"from={from.ToString(DateFormat, CultureInfo.InvariantCulture)}&to={to.ToString(DateFormat, CultureInfo.InvariantCulture)}&expires={expires}&sig={Sign(dataset, from, to, expires)}");
        return new Uri(baseUrl, $"/api/export/{dataset}?{query}");
    }

    public DateTimeOffset ExpiryOfNewLinks => clock.GetUtcNow().Add(options.Value.ExportLinkLifetime);

    /// <summary>The grant when the link is intact and not expired; null otherwise, whatever the reason (<paramref name="reason"/> is for the log only).</summary>
    public ExportGrant? Verify(string dataset, string? from, string? to, string? expires, string? signature, out string reason)
    {
        if (!Datasets.Contains(dataset, StringComparer.Ordinal)
            || !DateOnly.TryParseExact(from, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var fromDay)
            || !DateOnly.TryParseExact(to, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var toDay)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt)
            || signature is null)
        {
            reason = "malformed";
            return null;
        }
        var expected = Mac(dataset, fromDay, toDay, expiresAt);
        var given = new byte[Base64Url.GetMaxDecodedLength(signature.Length)];
        if (!Base64Url.IsValid(signature) || !Base64Url.TryDecodeFromChars(signature, given, out var length)
            || !CryptographicOperations.FixedTimeEquals(expected, given.AsSpan(0, length)))
        {
            reason = "signature";
            return null;
        }
        var expiry = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expiresAt, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        if (clock.GetUtcNow() >= expiry)
        {
            reason = "expired";
            return null;
        }
        reason = "";
        return new ExportGrant(dataset, fromDay, toDay, expiry);
    }

    private string Sign(string dataset, DateOnly from, DateOnly to, long expires) => Base64Url.EncodeToString(Mac(dataset, from, to, expires));

    private byte[] Mac(string dataset, DateOnly from, DateOnly to, long expires)
    {
        var granted = string.Create(CultureInfo.InvariantCulture,
            $"{dataset}\n{from.ToString(DateFormat, CultureInfo.InvariantCulture)}\n{to.ToString(DateFormat, CultureInfo.InvariantCulture)}\n{expires}");
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ExportSigningKey!), Encoding.UTF8.GetBytes(granted));
    }
}
