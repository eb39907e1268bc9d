using System.Net;
using Azure.Data.Tables;
using CoachBot.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tests.Infrastructure;

/// <summary>
/// The bot, started as the real service (Program.cs) on Kestrel at a loopback port, on Azurite with tables of its own,
/// with the test roster, talking to a <see cref="LoopbackConnector"/>. Extra settings override the defaults.
/// </summary>
public sealed class BotApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _services;
    private bool _ownsConnector;

    private BotApp(Dictionary<string, string?> settings, string environment, Action<IServiceCollection>? services)
    {
        _settings = settings;
        _environment = environment;
        _services = services;
        // Listen through Kestrel's options, not UseKestrel(port): the port overload rewrites the server addresses after
        // the build, which races with a minimal-hosting app that has already started its server.
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string TablePrefix => _settings["Storage:TablePrefix"]!;
    public LoopbackConnector Connector { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;

    /// <summary>Starts the service in this process. For a configuration the service must refuse, use <see cref="RefusalAsync"/>.</summary>
    public static async Task<BotApp> StartAsync(
        IDictionary<string, string?>? settings = null, string? tablePrefix = null, string environment = "Development", LoopbackConnector? connector = null,
        bool withTestRoster = true, Action<IServiceCollection>? services = null)
    {
        var all = withTestRoster ? TestRoster.Settings() : [];
        all["Storage:ConnectionString"] = await Azurite.ConnectionStringAsync();
        all["Storage:TablePrefix"] = tablePrefix ?? Azurite.NewPrefix();
        all["MicrosoftAppId"] = "";
        all["MicrosoftAppPassword"] = "";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var app = new BotApp(all, environment, services);
        app._ownsConnector = connector is null;
        app.Connector = connector ?? await LoopbackConnector.StartAsync();
        try
        {
            app.StartServer();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        app.Http = app.CreateClient();
        return app;
    }

    /// <summary>
    /// Starts the service as its own process with the test settings plus <paramref name="settings"/>, expecting it to
    /// refuse to start, and returns what it printed. A process, not the in-process factory: when a minimal-hosting app
    /// fails to start, WebApplicationFactory races the entry point's disposal of the host, and the failure sometimes
    /// surfaces as an ObjectDisposedException instead of the validation error. Production by default, with an app id and
    /// secret, so the only refusal is the one the test provokes (in Development the process would also read the demo
    /// roster of appsettings.Development.json, which it finds beside it, and see every person twice).
    /// </summary>
    public static async Task<string> RefusalAsync(IDictionary<string, string?>? settings = null, string environment = "Production")
    {
        var all = TestRoster.Settings();
        all["Storage:ConnectionString"] = await Azurite.ConnectionStringAsync();
        all["Storage:TablePrefix"] = Azurite.NewPrefix();
        all["MicrosoftAppType"] = "MultiTenant";
        all["MicrosoftAppId"] = Guid.NewGuid().ToString();
        all["MicrosoftAppPassword"] = "a-client-secret";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var started = await BotProcess.StartAsync(all.ToDictionary(p => p.Key, p => p.Value ?? ""), environment);
        });
        Assert.Contains("The bot exited with code", failure.Message);
        Assert.Contains(nameof(Microsoft.Extensions.Options.OptionsValidationException), failure.Message);
        return failure.Message;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public Task<TableClient> TableAsync(string name) => Service<Tables>().GetAsync(name, CancellationToken.None);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        await base.DisposeAsync();
        if (_ownsConnector)
        {
            await Connector.DisposeAsync();
        }
    }
}
