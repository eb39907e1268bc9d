using System.Diagnostics;
using System.Text;

namespace CoachBot.Tests.Infrastructure;

/// <summary>
/// The bot as its own process (<c>dotnet CoachBot.dll</c>), for what must differ per process: a certificate bundle
/// in SSL_CERT_FILE (the SDK fetches OpenID metadata with its own HttpClient), or a process to kill.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BotProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }
    public HttpClient Http { get; private set; } = null!;
    public TimeSpan StartupTime { get; private set; }
    public string Output { get { lock (_output) { return _output.ToString(); } } }

    /// <summary>Starts the build the tests run on, or the one in <paramref name="directory"/> (a published release).</summary>
    public static async Task<BotProcess> StartAsync(IDictionary<string, string> settings, string environment = "Production", string? directory = null)
    {
        var port = Azurite.FreePort();
        var folder = directory ?? AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet", [Path.Combine(folder, "CoachBot.dll")])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__")] = value;
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bot.");
        var bot = new BotProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => bot.Append(e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bot.Http = new HttpClient { BaseAddress = bot.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                // Waits for the redirected output to be read to its end too: what the process printed last says why it stopped.
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"The bot exited with code {process.ExitCode}:\n{bot.Output}");
            }
            try
            {
                if ((await bot.Http.GetAsync("/healthz")).IsSuccessStatusCode)
                {
                    bot.StartupTime = clock.Elapsed;
                    return bot;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(50);
        }
        await bot.DisposeAsync();
        throw new TimeoutException($"The bot was not healthy within 60 s:\n{bot.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
