namespace CoachBot.Digests;

/// <summary>The digests' log events. Counts and ids only: no names or figures about a person.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "Digest {CampaignId}: {Recipients} recipients of {People} ({Unreachable} without an active conversation)")]
    public static partial void CampaignPrepared(ILogger logger, string campaignId, int recipients, int people, int unreachable);

    [LoggerMessage(7002, LogLevel.Information, "Export of {Dataset} from {From} to {To} served ({Rows} rows)")]
    public static partial void ExportServed(ILogger logger, string dataset, DateOnly from, DateOnly to, int rows);

    [LoggerMessage(7003, LogLevel.Warning, "Export link refused ({Reason})")]
    public static partial void ExportRefused(ILogger logger, string reason);

    [LoggerMessage(7005, LogLevel.Information, "Demo history: {Stored} check-ins stored for the demo roster ({Kept} already there)")]
    public static partial void DemoHistorySeeded(ILogger logger, int stored, int kept);

    [LoggerMessage(7006, LogLevel.Information, "Win of {Week} credits {BusinessUnit}: thanks card campaign {CampaignId}")]
    public static partial void WinCredited(ILogger logger, string week, string businessUnit, string campaignId);
}
