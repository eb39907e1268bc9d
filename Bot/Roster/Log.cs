namespace CoachBot.Roster;

internal static partial class Log
{
    [LoggerMessage(8001, LogLevel.Information, "Roster: the table was empty; seeded it from the Organization configuration ({Members} members)")]
    public static partial void Seeded(ILogger logger, int members);

    [LoggerMessage(8002, LogLevel.Information, "Roster: version {Version} of the roster table is in force ({Members} members)")]
    public static partial void Loaded(ILogger logger, long version, int members);

    [LoggerMessage(8003, LogLevel.Warning,
        "Roster: the roster table is the truth (version {Version}, changed by {ChangedByRef} at {ChangedAt}); the Organization configuration differs from it " +
        "({Added} people only in the table, {Changed} changed, {Removed} only in configuration, {Other} other differences) and only seeds an empty table")]
    public static partial void ConfigurationDiffers(ILogger logger, long version, string changedByRef, DateTimeOffset changedAt, int added, int changed, int removed, int other);

    [LoggerMessage(8004, LogLevel.Warning, "Roster: could not read the roster table at start; the Organization configuration is in force until it can")]
    public static partial void LoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(8005, LogLevel.Warning, "Roster: could not poll the roster table")]
    public static partial void PollFailed(ILogger logger, Exception exception);

    [LoggerMessage(8006, LogLevel.Information, "Roster: version {Version} is in force (changed by {ChangedByRef})")]
    public static partial void Reloaded(ILogger logger, long version, string changedByRef);

    [LoggerMessage(8007, LogLevel.Error, "Roster: stored version {Version} no longer passes the validation, kept in force: {Problems}")]
    public static partial void StoredRosterInvalid(ILogger logger, long version, string problems);

    [LoggerMessage(8008, LogLevel.Error, "Roster: a subscriber to roster changes failed on version {Version}")]
    public static partial void SubscriberFailed(ILogger logger, Exception exception, long version);

    [LoggerMessage(8009, LogLevel.Information, "Roster: version {Version} written by {ChangedByRef} ({Added} added, {Changed} changed, {Removed} removed)")]
    public static partial void Changed(ILogger logger, long version, string changedByRef, int added, int changed, int removed);

    [LoggerMessage(8010, LogLevel.Error, "Roster: version {Version} was written but version {InForce} stays in force here; the change is reported as not applied")]
    public static partial void NotInForce(ILogger logger, long version, long inForce);

    [LoggerMessage(8011, LogLevel.Warning,
        "Roster: the roster table's version went back to {Stored} below {InForce} in force here (set back outside the service); the next change is written above both")]
    public static partial void VersionWentBack(ILogger logger, long stored, long inForce);
}
