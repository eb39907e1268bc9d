namespace CoachBot.Operations;

internal static partial class Log
{
    [LoggerMessage(8501, LogLevel.Information, "Admin: {Operator} {Method} {Path}")]
    public static partial void AdminRequest(ILogger logger, string @operator, string method, string path);

    [LoggerMessage(8502, LogLevel.Warning, "Admin: a wrong or missing X-Admin-Key on {Method} {Path}")]
    public static partial void AdminKeyRefused(ILogger logger, string method, string path);
}
