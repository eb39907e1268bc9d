using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching;

/// <summary>
/// The weekly coaching prompt: sent on <see cref="SendDay"/> at <see cref="SendTime"/> in each person's own time zone
/// (reps and sponsors: their region's; the director: <c>Organization:Director:TimeZone</c>; BU leads: their BU's
/// <c>TimeZone</c>, else the director's), from the programme in <see cref="ProgrammeFile"/>.
/// </summary>
public sealed class CoachingOptions
{
    public const string Section = "Coaching";

    [EnumDataType(typeof(DayOfWeek))]
    public DayOfWeek SendDay { get; set; } = DayOfWeek.Tuesday;

    public TimeOnly SendTime { get; set; } = new(9, 30);

    /// <summary>The programme file, relative to the service's folder unless rooted.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Coaching:ProgrammeFile must name the programme file (Coaching/programme.json).")]
    public string ProgrammeFile { get; set; } = "Coaching/programme.json";

    /// <summary>How long after "Later" a prompt comes back.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Coaching:LaterDelay must be between 00:01:00 and 7.00:00:00.")]
    public TimeSpan LaterDelay { get; set; } = TimeSpan.FromDays(2);
}

/// <summary>Checks at start that the programme file loads and keeps every rule; each problem names the prompt and what is wrong.</summary>
public sealed class CoachingProgrammeValidator : IValidateOptions<CoachingOptions>
{
    public ValidateOptionsResult Validate(string? name, CoachingOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ProgrammeFile))
        {
            return ValidateOptionsResult.Skip; // Reported by the [Required] attribute.
        }
        var (_, problems) = CoachBot.Coaching.ProgrammeFile.Load(options.ProgrammeFile);
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Select(p => $"Coaching programme: {p}"));
    }
}
