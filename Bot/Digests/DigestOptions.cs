using System.ComponentModel.DataAnnotations;

namespace CoachBot.Digests;

/// <summary>
/// The weekly digests' schedule (each recipient's own zone: see <see cref="DigestSchedule"/>) and the CSV export's
/// signed links.
/// </summary>
public sealed class DigestOptions
{
    public const string Section = "Digests";

    [EnumDataType(typeof(DayOfWeek))]
    public DayOfWeek SendDay { get; set; } = DayOfWeek.Monday;

    public TimeOnly SendTime { get; set; } = new(8, 0);

    /// <summary>How long an export link works after the director asked for it: a day at most, since whoever holds the link reads the file.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "Digests:ExportLinkLifetime must be between 00:01:00 and 1.00:00:00 (a day).")]
    public TimeSpan ExportLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The HMAC-SHA256 key export links are signed with, at least 32 characters. Required outside Development; in
    /// Development an empty key is replaced by a random one at start (links then stop working at each restart).
    /// </summary>
    public string? ExportSigningKey { get; set; }

    /// <summary>Where the bot is reached from outside (<c>https://coachbot.azurewebsites.net</c>): the base of export links. Never taken from a request's Host header.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Development only: store a few weeks of check-in history for the demo roster at start (idempotent).</summary>
    public bool SeedDemoHistory { get; set; }

    public const int MinimumKeyLength = 32;
}
