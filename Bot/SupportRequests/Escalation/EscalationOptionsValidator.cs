using Microsoft.Extensions.Options;

namespace CoachBot.SupportRequests.Escalation;

/// <summary>Refuses escalation settings the ladder cannot count with; every problem is named by its key, all at once.</summary>
public sealed class EscalationOptionsValidator : IValidateOptions<EscalationOptions>
{
    public ValidateOptionsResult Validate(string? name, EscalationOptions options)
    {
        var errors = new List<string>();
        if (options.AckWithinBusinessHours <= 0)
        {
            errors.Add($"Escalation:AckWithinBusinessHours must be more than 0 business hours (0.01 is 36 seconds); it is {options.AckWithinBusinessHours}.");
        }
        if (options.DirectorWithinBusinessHours <= 0)
        {
            errors.Add($"Escalation:DirectorWithinBusinessHours must be more than 0 business hours (0.01 is 36 seconds); it is {options.DirectorWithinBusinessHours}.");
        }
        if (string.IsNullOrWhiteSpace(options.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            errors.Add($"Escalation:TimeZone '{options.TimeZone}' is not a known IANA time zone (for example Europe/Paris).");
        }

        var hours = options.BusinessHours;
        var start = hours.StartOfDay;
        var end = hours.EndOfDay;
        if (start is null)
        {
            errors.Add($"Escalation:BusinessHours:Start '{hours.Start}' is not a time of day such as 09:00 (00:00 to 23:59).");
        }
        if (end is null)
        {
            errors.Add($"Escalation:BusinessHours:End '{hours.End}' is not a time of day such as 18:00 (24:00 for the end of the day).");
        }
        // Lifted comparison: false when either is missing, already reported above.
        if (end <= start)
        {
            errors.Add($"Escalation:BusinessHours:End ({hours.End}) must come after Escalation:BusinessHours:Start ({hours.Start}); 00:00 to 24:00 is the whole day.");
        }
        foreach (var unknown in hours.UnknownDays)
        {
            errors.Add($"Escalation:BusinessHours:Days: '{unknown}' is not an English day name (Monday … Sunday).");
        }
        if (hours.UnknownDays.Count == 0 && hours.WorkingDays.Count == 0)
        {
            errors.Add("Escalation:BusinessHours:Days lists no day: name at least one (for example Monday to Friday).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
