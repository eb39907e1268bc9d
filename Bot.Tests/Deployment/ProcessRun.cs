using System.Diagnostics;

namespace CoachBot.Tests.Deployment;

internal sealed record ProcessRun(int ExitCode, string StdOut, string StdErr)
{
    public string Output => $"exit code {ExitCode}\n--- stdout ---\n{StdOut}\n--- stderr ---\n{StdErr}";

    public static async Task<ProcessRun> StartAsync(string fileName, IEnumerable<string> arguments, string workingDirectory, TimeSpan? limit = null)
    {
        var within = limit ?? TimeSpan.FromMinutes(2);
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var timeout = new CancellationTokenSource(within);
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdOut = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stdErr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish in {within.TotalMinutes} minutes.");
        }

        return new ProcessRun(process.ExitCode, await stdOut, await stdErr);
    }
}
