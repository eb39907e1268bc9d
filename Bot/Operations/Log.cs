namespace CoachBot.Operations;

/// <summary>The log events of the operations surface.</summary>
internal static partial class Log
{
    [LoggerMessage(8501, LogLevel.Information, "CoachBot {Version} started in {Environment}")]
    public static partial void Started(ILogger logger, string version, string environment);
}
