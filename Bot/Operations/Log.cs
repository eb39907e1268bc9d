namespace CoachBot.Operations;

/// <summary>The log events of the operations surface.</summary>
internal static partial class Log
{
    [LoggerMessage(8501, LogLevel.Information, "CoachBot {Version} started in {Environment}")]
    public static partial void Started(ILogger logger, string version, string environment);

    [LoggerMessage(8502, LogLevel.Information, "Admin: {Operator} {Method} {Path}")]
    public static partial void AdminRequest(ILogger logger, string @operator, string method, string path);

    [LoggerMessage(8503, LogLevel.Warning, "Admin: a wrong or missing X-Admin-Key on {Method} {Path}")]
    public static partial void AdminKeyRefused(ILogger logger, string method, string path);

    [LoggerMessage(8504, LogLevel.Information, "Health: readiness is now {Status}")]
    public static partial void ReadinessChanged(ILogger logger, string status);

    [LoggerMessage(8505, LogLevel.Warning, "Health: the readiness check failed")]
    public static partial void ReadinessFailed(ILogger logger, Exception exception);
}
