using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CoachBot.Tests.Infrastructure;

/// <summary>
/// The Table Storage the tests use: the Azurite that scripts/test.sh started (its connection string in
/// <c>COACHBOT_TEST_STORAGE</c>), or, when the tests run on their own, an Azurite this process starts from the
/// repository's node_modules on a free port and stops when it exits. One per test process; tests isolate
/// themselves with a table prefix of their own.
/// </summary>
public static class Azurite
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly Lazy<Task<string>> Started = new(StartAsync);
    private static readonly Lazy<Task<string>> BlobStarted = new(StartBlobAsync);

    public static Task<string> ConnectionStringAsync() => Started.Value;

    /// <summary>
    /// Azurite's blob service (the table backups): the one scripts/test.sh started (<c>COACHBOT_TEST_BLOB_STORAGE</c>), or
    /// one this process starts and stops.
    /// </summary>
    public static Task<string> BlobConnectionStringAsync() => BlobStarted.Value;

    /// <summary>A blob container name no other test uses.</summary>
    public static string NewContainer() => "backups-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A table prefix no other test uses.</summary>
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static string ConnectionStringFor(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task<string> StartAsync() =>
        Environment.GetEnvironmentVariable("COACHBOT_TEST_STORAGE") is { Length: > 0 } given
            ? Task.FromResult(given)
            : StartServiceAsync("table", port => $"http://127.0.0.1:{port}/devstoreaccount1/Tables", ConnectionStringFor);

    private static Task<string> StartBlobAsync() =>
        Environment.GetEnvironmentVariable("COACHBOT_TEST_BLOB_STORAGE") is { Length: > 0 } given
            ? Task.FromResult(given)
            : StartServiceAsync("blob", port => $"http://127.0.0.1:{port}/devstoreaccount1?comp=list",
                port => $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");

    private static async Task<string> StartServiceAsync(string service, Func<int, string> probe, Func<int, string> connectionString)
    {
        var script = Repository.PathOf("node_modules", "azurite", "dist", "src", service, "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} is missing): run 'npm ci' at the repository root, or run the tests with scripts/test.sh.");
        }
        var port = FreePort();
        // The blob client speaks a newer service version than Azurite knows (the table client does not).
        string[] arguments = [script, $"--{service}Host", "127.0.0.1", $"--{service}Port", port.ToString(), "--inMemoryPersistence", "--disableTelemetry", "--silent",
            .. service == "blob" ? ["--skipApiVersionCheck"] : Array.Empty<string>()];
        var process = Process.Start(new ProcessStartInfo("node", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        };

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode}.");
            }
            try
            {
                await http.GetAsync(probe(port));
                return connectionString(port);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException("Azurite did not answer within 30 s.");
    }
}
