namespace CoachBot.Reach;

/// <summary>Reach's log events: counts, outcomes and Graph error codes; never names, e-mails or object ids.</summary>
internal static partial class Log
{
    [LoggerMessage(8101, LogLevel.Information, "reach-install: {Unreachable} members cannot be reached; installing is off (Reach:TeamsAppId set: {Configured}, or no app identity for Graph)")]
    public static partial void InstallsOff(ILogger logger, int unreachable, bool configured);

    [LoggerMessage(8102, LogLevel.Information, "reach-install: installation attempt gave {Outcome} ({Detail})")]
    public static partial void Attempted(ILogger logger, InstallOutcome outcome, string? detail);

    [LoggerMessage(8103, LogLevel.Warning, "reach-install: Microsoft Graph kept throttling after {Attempted} attempts; {Left} members wait for the next run")]
    public static partial void Throttled(ILogger logger, Exception exception, int attempted, int left);

    [LoggerMessage(8104, LogLevel.Information, "reach-install: {Unreachable} unreachable, {Attempted} attempts, {Installed} installed, {NotDue} not due yet")]
    public static partial void RunDone(ILogger logger, int unreachable, int attempted, int installed, int notDue);

    [LoggerMessage(8105, LogLevel.Information, "reach-install: the roster changed since the last run; running now")]
    public static partial void RosterChanged(ILogger logger);

    [LoggerMessage(8106, LogLevel.Warning, "reach-install: could not compare the roster with the last run's")]
    public static partial void RosterCheckFailed(ILogger logger, Exception exception);

    [LoggerMessage(8107, LogLevel.Information, "Team membership kept: {Members} members in a team ({Pages} pages)")]
    public static partial void TeamSynced(ILogger logger, int members, int pages);

    [LoggerMessage(8108, LogLevel.Information, "The app was removed from a team; its members are forgotten")]
    public static partial void TeamForgotten(ILogger logger);
}
