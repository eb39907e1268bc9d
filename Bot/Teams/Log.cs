namespace CoachBot.Teams;

internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Error, "Turn failed for a {ActivityType} activity in channel {ChannelId}")]
    public static partial void TurnFailed(ILogger logger, Exception exception, string? activityType, string? channelId);

    [LoggerMessage(1002, LogLevel.Warning, "Could not tell the user about a failed turn")]
    public static partial void ApologyFailed(ILogger logger, Exception exception);

    [LoggerMessage(1003, LogLevel.Warning, "A {ActivityType} turn ran past its deadline and was abandoned")]
    public static partial void TurnTimedOut(ILogger logger, string? activityType);

    [LoggerMessage(1004, LogLevel.Warning, "Rejected a request to /api/messages: {Reason}")]
    public static partial void TokenRejected(ILogger logger, string reason);

    [LoggerMessage(1005, LogLevel.Information, "Member look-up through Teams matched the roster: {Matched}")]
    public static partial void MatchedThroughTeams(ILogger logger, bool matched);

    [LoggerMessage(1006, LogLevel.Information, "Refused a user who is not on the roster ({ActivityType})")]
    public static partial void NotOnRoster(ILogger logger, string? activityType);

    [LoggerMessage(1007, LogLevel.Information, "Installed for a roster member with roles {Roles}; welcome sent: {Welcomed}")]
    public static partial void Installed(ILogger logger, string roles, bool welcomed);

    [LoggerMessage(1008, LogLevel.Information, "Uninstalled by a user; conversation marked inactive")]
    public static partial void Uninstalled(ILogger logger);

    [LoggerMessage(1010, LogLevel.Warning, "Refused an activity from another tenant than the organisation's")]
    public static partial void ForeignTenant(ILogger logger);

    [LoggerMessage(1011, LogLevel.Information, "A card action with an unknown verb {Verb}")]
    public static partial void UnknownVerb(ILogger logger, string verb);

    [LoggerMessage(1012, LogLevel.Information, "Refused a request to /api/messages: {Reason}")]
    public static partial void BadRequest(ILogger logger, string reason);

    [LoggerMessage(1009, LogLevel.Warning, "An activity without an Entra object id: its conversation reference is not stored")]
    public static partial void NoObjectId(ILogger logger);

    [LoggerMessage(1013, LogLevel.Warning, "Refused an activity from channel {ChannelId}: CoachBot serves only Microsoft Teams")]
    public static partial void OtherChannel(ILogger logger, string channelId);

    [LoggerMessage(1014, LogLevel.Warning, "A malformed {ActivityType} activity: {Problem}")]
    public static partial void MalformedActivity(ILogger logger, string? activityType, string problem);

    [LoggerMessage(1015, LogLevel.Warning, "An account whose UPN names a roster member known by e-mail only is not the account first matched to them")]
    public static partial void NotThePinnedAccount(ILogger logger);

    [LoggerMessage(1016, LogLevel.Warning, "A team has more members than the {Max} kept: the rest are not read")]
    public static partial void TeamTooLarge(ILogger logger, int max);

    [LoggerMessage(1017, LogLevel.Warning, "A team event named {Count} people, more than one event is taken for: the team is read again instead")]
    public static partial void LargeTeamEvent(ILogger logger, int count);

    [LoggerMessage(1018, LogLevel.Error, "A {ActivityType} activity of {Size} bytes is over the {Max} Teams accepts: a short notice went instead (a card that lists too much)")]
    public static partial void MessageTooLarge(ILogger logger, string? activityType, int size, int max);
}
