namespace CoachBot.Tests.Deployment;

/// <summary>The Bicep CLI that Bot.Tests.csproj downloads as a NuGet package (PackageDownload).</summary>
internal static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    public static Task<ProcessRun> RunAsync(string workingDirectory, params string[] arguments) =>
        ProcessRun.StartAsync(Executable.Value, arguments, workingDirectory);

    private static string Locate()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The deployment tests run the linux-x64 Bicep CLI.");
        }

        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var bicep = Path.Combine(nugetRoot, "azure.bicep.commandline.linux-x64", RepositoryFiles.BicepVersion, "tools", "bicep");
        if (!File.Exists(bicep))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI is missing at {bicep}; `dotnet restore Bot.Tests` downloads it (PackageDownload of Azure.Bicep.CommandLine.linux-x64).",
                bicep);
        }

        // NuGet extracts the binary without its execute bit.
        var mode = File.GetUnixFileMode(bicep);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(bicep, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return bicep;
    }
}
