namespace CoachBot.SupportRequests;

/// <summary>The support requests' log events. References and states only: customers, descriptions and names are not logged.</summary>
internal static partial class Log
{
    [LoggerMessage(6101, LogLevel.Information, "Support request {Reference} opened for BU {BusinessUnit}")]
    public static partial void Opened(ILogger logger, string reference, string businessUnit);

    [LoggerMessage(6102, LogLevel.Information, "Support request form refused: fields {Fields}")]
    public static partial void Refused(ILogger logger, string fields);

    [LoggerMessage(6103, LogLevel.Warning, "Support request {Reference}: {Verb} refused to a member who may not do it")]
    public static partial void Forbidden(ILogger logger, string reference, RequestVerb verb);

    [LoggerMessage(6104, LogLevel.Information, "Support request {Reference}: {Verb} refused, the request is {State}")]
    public static partial void StateRefused(ILogger logger, string reference, RequestVerb verb, RequestState state);

    [LoggerMessage(6105, LogLevel.Information, "Support request {Reference}: {Action}, state {From} → {To}")]
    private static partial void StateChanged(ILogger logger, string reference, RequestAction action, RequestState from, RequestState to);

    [LoggerMessage(6108, LogLevel.Information, "Support request {Reference}: {Action}, still {State}")]
    private static partial void Recorded(ILogger logger, string reference, RequestAction action, RequestState state);

    /// <summary>What happened to the request (its last audit entry); the state change only when the state changed.</summary>
    public static void Changed(ILogger logger, SupportRequest before, SupportRequest after)
    {
        var action = after.Trail[^1].Action;
        if (before.State == after.State)
        {
            Recorded(logger, after.Reference, action, after.State);
        }
        else
        {
            StateChanged(logger, after.Reference, action, before.State, after.State);
        }
    }

    [LoggerMessage(6106, LogLevel.Information, "Support request {Reference}: ladder step not needed any more")]
    public static partial void LadderStepSkipped(ILogger logger, string reference);

    [LoggerMessage(6107, LogLevel.Error, "Support request {Reference}: campaign {CampaignId} failed; the request is stored")]
    public static partial void CampaignFailed(ILogger logger, Exception exception, string reference, string campaignId);
}
