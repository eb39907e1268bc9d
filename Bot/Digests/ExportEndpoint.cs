using Microsoft.AspNetCore.Mvc;

namespace CoachBot.Digests;

/// <summary>
/// <c>GET /api/export/{dataset}?from=…&amp;to=…&amp;expires=…&amp;sig=…</c>: the CSV file an export link grants. The signed
/// link is the only credential; a tampered, expired or malformed link gets 403 with an empty body, so a caller learns
/// nothing about why.
/// </summary>
public static class ExportEndpoint
{
    public const string Route = "/api/export/{dataset}";

    public static async Task<IResult> GetAsync(
        string dataset,
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? expires, [FromQuery] string? sig,
        HttpResponse response, ExportLinks links, CsvExport export, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Personal data behind a link: no cache (browser, proxy) keeps a copy, and the file is never sniffed into HTML.
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        var logger = loggers.CreateLogger(typeof(ExportEndpoint));
        var grant = links.Verify(dataset, from, to, expires, sig, out var reason);
        if (grant is null)
        {
            Log.ExportRefused(logger, reason);
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        if (await export.WriteAsync(grant, cancellationToken) is not { } file)
        {
            // A link for a dataset whose feature is not there (yet): nothing to serve, and nothing to explain either.
            Log.ExportRefused(logger, "unavailable");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }
        Log.ExportServed(logger, grant.Dataset, grant.From, grant.To, file.Rows);
        return Results.File(file.Content, "text/csv; charset=utf-8", CsvExport.FileName(grant));
    }
}
