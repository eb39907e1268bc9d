namespace CoachBot.Arrival;

internal static partial class Log
{
    [LoggerMessage(8401, LogLevel.Information, "Arrival greeting ({Kind}): {Items} things waiting")]
    public static partial void Greeted(ILogger logger, string kind, int items);

    [LoggerMessage(8402, LogLevel.Debug, "What-waits card composed: {Parts} sections, {Items} items")]
    public static partial void Composed(ILogger logger, int parts, int items);

    [LoggerMessage(8403, LogLevel.Warning, "What-waits section {Section} could not be read; left out of the card")]
    public static partial void SectionFailed(ILogger logger, Exception exception, string section);
}
