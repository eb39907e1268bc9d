namespace CoachBot.CheckIns;

/// <summary>The check-in's log events. No names, e-mails or answers: they are personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "Check-in for {Week} stored ({Outcome}, revision {Revision})")]
    public static partial void Stored(ILogger logger, string week, CheckInOutcome outcome, int revision);

    [LoggerMessage(5002, LogLevel.Information, "Check-in for {Week} submitted again unchanged; nothing written")]
    public static partial void Unchanged(ILogger logger, string week);

    [LoggerMessage(5003, LogLevel.Information, "Check-in for {Week} refused: fields {Fields}")]
    public static partial void Refused(ILogger logger, string week, string fields);

    [LoggerMessage(5004, LogLevel.Information, "Check-in for {Week} refused: the week is closed")]
    public static partial void RefusedClosed(ILogger logger, string week);

    [LoggerMessage(5005, LogLevel.Information, "Region {Region} has no working day in {Week}: no check-in sent")]
    public static partial void SkippedHolidayWeek(ILogger logger, string region, string week);

    [LoggerMessage(5006, LogLevel.Information, "Region {Region}: no reminder for {Week} (not sent yet, closed, or no working day)")]
    public static partial void SkippedReminder(ILogger logger, string region, string week);

    [LoggerMessage(5007, LogLevel.Information, "Campaign {CampaignId}: {Reps} reps, {Recipients} to send, {Away} away, {Answered} already answered, {Unreachable} without an active conversation")]
    public static partial void CampaignPrepared(ILogger logger, string campaignId, int reps, int recipients, int away, int answered, int unreachable);

    [LoggerMessage(5008, LogLevel.Warning, "Check-in for {Week} stored, but a reader of stored check-ins failed")]
    public static partial void ObserverFailed(ILogger logger, string week, Exception exception);
}
