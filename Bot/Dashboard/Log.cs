namespace CoachBot.Dashboard;

/// <summary>The dashboard's log events. Reasons and ids only, never a token.</summary>
internal static partial class Log
{
    [LoggerMessage(8201, LogLevel.Information, "Dashboard sign-in refused: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string reason);

    [LoggerMessage(8202, LogLevel.Warning, "Dashboard sign-in: the OpenID configuration of {Authority} could not be read")]
    public static partial void MetadataUnavailable(ILogger logger, string authority, Exception exception);

    [LoggerMessage(8203, LogLevel.Warning, "Dashboard: Teams single sign-on is off (no Dashboard:Authority or Organization:TenantId, or no Dashboard:ApplicationIdUri/ClientId/MicrosoftAppId)")]
    public static partial void SingleSignOnOff(ILogger logger);

    /// <summary>The viewer as the logs name people (an object id or a hash): their member id may be their e-mail.</summary>
    public static void OutOfScope(ILogger logger, string view, string memberId) => OutOfScopeOf(logger, view, Operations.LogIds.Person(memberId));

    [LoggerMessage(8204, LogLevel.Information, "Dashboard view {View} refused to {Viewer}: outside their scope")]
    private static partial void OutOfScopeOf(ILogger logger, string view, string viewer);
}
