using System.Collections.Frozen;
using System.Security.Cryptography;

namespace CoachBot.Dashboard;

/// <summary>
/// The tab's page, script and styles, bundled from npm at build time (<c>Dashboard/web/build.mjs</c>, run by the
/// project before it compiles) and embedded in the assembly: nothing comes from a CDN, and a deployment is one package.
/// </summary>
public sealed class DashboardAssets
{
    public const string Page = "index.html";
    private const string Prefix = "CoachBot.Dashboard.wwwroot.";

    // Teams shows the tab in a frame of its own web and desktop clients; nothing else may frame it.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary();

    private readonly FrozenDictionary<string, (byte[] Content, string ETag)> _files;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        _files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..], n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                return (bytes, $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
            }, StringComparer.Ordinal);
    }

    public IResult Serve(HttpContext http, string file)
    {
        if (!ContentTypes.TryGetValue(Path.GetExtension(file), out var contentType) || !_files.TryGetValue(file, out var found))
        {
            return file == Page
                ? TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The dashboard was not built (npm ci, then dotnet build).")
                : TypedResults.NotFound();
        }
        var headers = http.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ETag = found.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (file == Page)
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
        if (http.Request.Headers.IfNoneMatch == found.ETag)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Bytes(found.Content, contentType);
    }
}
