using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace CoachBot.Operations;

/// <summary>One person or system allowed on the admin routes, with a key of their own.</summary>
public sealed class AdminOperatorOptions
{
    /// <summary>What the roster history and the logs call them (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>).</summary>
    public string Name { get; set; } = "";

    /// <summary>The SHA-256 of their key, in hex (<c>printf %s "$KEY" | sha256sum</c>): the configuration never holds the key itself.</summary>
    public string KeyHash { get; set; } = "";
}

public sealed partial class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Outside Development a key shorter than this stops the service: the routes run jobs that message everyone.</summary>
    public const int MinKeyLength = 32;

    /// <summary>The operator the single <see cref="ApiKey"/> stands for.</summary>
    public const string ApiKeyOperator = "admin";

    /// <summary>
    /// A single key, as before named operators: it is the operator <see cref="ApiKeyOperator"/>. Empty with no
    /// <see cref="Operators"/>: the routes do not exist (404).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The named operators, each with the hash of a key of their own, replaced without touching the others'.</summary>
    public List<AdminOperatorOptions> Operators { get; set; } = [];

    /// <summary>
    /// Take the client's address from the <c>X-Forwarded-For</c> the front end adds (App Service): the last address in
    /// it, the one the front end wrote. Off where the service is reached directly, or anyone could name any address.
    /// </summary>
    public bool TrustForwardedFor { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(ApiKey) || Operators.Count > 0;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,40}$")]
    internal static partial Regex OperatorName();

    [GeneratedRegex("^[0-9A-Fa-f]{64}$")]
    internal static partial Regex Sha256Hex();
}

/// <summary>
/// Outside Development, a configured admin key must be at least <see cref="AdminOptions.MinKeyLength"/> characters;
/// every operator needs a valid name, unique, and a SHA-256 in hex.
/// </summary>
public sealed class AdminOptionsValidator(IHostEnvironment environment) : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.ApiKey) && options.ApiKey.Length < AdminOptions.MinKeyLength && !environment.IsDevelopment())
        {
            failures.Add($"Admin:ApiKey has {options.ApiKey.Length} characters; outside Development it needs at least {AdminOptions.MinKeyLength} " +
                "(for example `openssl rand -hex 32`), or leave it empty to turn the admin routes off.");
        }
        for (var i = 0; i < options.Operators.Count; i++)
        {
            var op = options.Operators[i];
            if (!AdminOptions.OperatorName().IsMatch(op.Name ?? ""))
            {
                failures.Add($"Admin:Operators:{i}:Name '{op.Name}' must be 1 to 40 letters, digits, '.', '_' or '-'.");
            }
            if (!AdminOptions.Sha256Hex().IsMatch(op.KeyHash ?? ""))
            {
                failures.Add($"Admin:Operators:{i}:KeyHash must be the SHA-256 of the operator's key in hex (64 characters: printf %s \"$KEY\" | sha256sum).");
            }
        }
        var names = options.Operators.Select(o => o.Name).Append(string.IsNullOrEmpty(options.ApiKey) ? null : AdminOptions.ApiKeyOperator).OfType<string>();
        foreach (var twice in names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            failures.Add($"Admin: the operator '{twice.Key}' is configured twice (Admin:ApiKey is the operator '{AdminOptions.ApiKeyOperator}').");
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}

/// <summary>The admin keys as hashes, and which operator a given key is.</summary>
public sealed class AdminOperators(IOptionsMonitor<AdminOptions> options)
{
    public bool Enabled => options.CurrentValue.Enabled;

    /// <summary>The operator whose key this is, else null; every configured hash is compared, in fixed time.</summary>
    public string? Identify(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return null;
        }
        var current = options.CurrentValue;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        string? found = null;
        if (!string.IsNullOrEmpty(current.ApiKey)
            && CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(current.ApiKey))))
        {
            found = AdminOptions.ApiKeyOperator;
        }
        foreach (var op in current.Operators)
        {
            if (AdminOptions.Sha256Hex().IsMatch(op.KeyHash) && CryptographicOperations.FixedTimeEquals(given, Convert.FromHexString(op.KeyHash)))
            {
                found ??= op.Name;
            }
        }
        return found;
    }

    /// <summary>The hash to configure for a key (<c>Admin:Operators:N:KeyHash</c>).</summary>
    public static string HashOf(string key) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToLower(CultureInfo.InvariantCulture);
}

/// <summary>
/// Failed admin-key attempts per caller address: after <see cref="FailuresPerWindow"/> in <see cref="Window"/>, every
/// admin request from that address without a right key gets 429 until the window ends. A right key is still served:
/// keys are long random secrets the throttle does not protect, and an operator behind the same address (a NAT, a
/// shared front end) must not be locked out by someone else's guesses.
/// </summary>
public sealed class AdminKeyAttempts : IDisposable
{
    public const int FailuresPerWindow = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = FailuresPerWindow,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>True when the address has failed too often lately.</summary>
    public bool IsLockedOut(string address)
    {
        using var probe = _failures.AttemptAcquire(address, 0);
        return !probe.IsAcquired;
    }

    public void Failed(string address)
    {
        using var _ = _failures.AttemptAcquire(address, 1);
    }

    public void Dispose() => _failures.Dispose();
}
