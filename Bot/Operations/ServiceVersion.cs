using System.Reflection;

namespace CoachBot.Operations;

/// <summary>
/// The release this process runs: the <c>Version</c> of Directory.Build.props (with the commit when the build knew it),
/// as <c>/healthz</c> and the start-up log show it, and as scripts/publish.sh names the zip.
/// </summary>
public static class ServiceVersion
{
    public static string Current { get; } =
        typeof(ServiceVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ServiceVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}

/// <summary>Logs the version and environment once the service has started: the first line to read after a deploy.</summary>
internal sealed class StartupBanner(IHostEnvironment environment, ILogger<StartupBanner> logger) : IHostedLifecycleService
{
    Task IHostedLifecycleService.StartedAsync(CancellationToken cancellationToken)
    {
        Log.Started(logger, ServiceVersion.Current, environment.EnvironmentName);
        return Task.CompletedTask;
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    Task IHostedLifecycleService.StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
