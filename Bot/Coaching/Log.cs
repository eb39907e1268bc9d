namespace CoachBot.Coaching;

/// <summary>The coaching programme's log events. No names, answers or reflections: they are personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(6001, LogLevel.Information, "Coaching prompt {PromptId} chosen for {Week} ({Reason})")]
    public static partial void Chosen(ILogger logger, string promptId, string reason, string week);

    [LoggerMessage(6002, LogLevel.Warning, "No coaching prompt left to choose on the {Track} track for {Week}")]
    public static partial void NothingToChoose(ILogger logger, string track, string week);

    [LoggerMessage(6003, LogLevel.Information, "Coaching prompt of {Week} answered {Outcome} (later {LaterCount} times, follow-up stored: {FollowedUp})")]
    public static partial void Answered(ILogger logger, string week, CoachingOutcome outcome, int laterCount, bool followedUp);

    [LoggerMessage(6004, LogLevel.Information, "Coaching answer for {Week} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string week, string reason);

    [LoggerMessage(6005, LogLevel.Warning, "Coaching answer refused: the caller has no such prompt for {Week} (an old card, or forged card data)")]
    public static partial void NoSuchPrompt(ILogger logger, string week);

    [LoggerMessage(6006, LogLevel.Information, "Campaign {CampaignId}: {People} people, {Recipients} to send, {Unreachable} without an active conversation")]
    public static partial void CampaignPrepared(ILogger logger, string campaignId, int people, int recipients, int unreachable);

    [LoggerMessage(6007, LogLevel.Information, "No coaching prompt for {Week}: the rep is away")]
    public static partial void Away(ILogger logger, string week);
}
