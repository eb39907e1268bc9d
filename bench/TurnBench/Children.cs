using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace CoachBot.Bench.Turns;

/// <summary>
/// A process the benchmark started (a bot, the bare bot, an Azurite). Every one is stopped by its PID when it is
/// disposed, and any left are stopped when the orchestrator exits, whatever the path (an exception, SIGTERM, Ctrl+C).
/// </summary>
internal sealed class Child : IDisposable
{
    // Enough of a child's log to see why it failed, not a screenful of one error repeated per turn.
    private const int EchoedLines = 15;
    private static readonly ConcurrentDictionary<int, Child> Running = new();
    private readonly Process _process;
    private readonly string _name;
    private int _lines;

    static Child()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        Console.CancelKeyPress += (_, _) => StopAll();
    }

    private Child(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public long SkippedLines => Math.Max(0, Volatile.Read(ref _lines) - EchoedLines);

    public static Child Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {name}.");
        var child = new Child(process, name);
        Running[process.Id] = child;
        process.OutputDataReceived += (_, e) => child.Echo(e.Data);
        process.ErrorDataReceived += (_, e) => child.Echo(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>This executable in another mode, started the way this process was (apphost, or `dotnet TurnBench.dll`).</summary>
    public static Child StartSelf(string name, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var self = Environment.ProcessPath!;
        var all = new List<string>();
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            all.Add(typeof(Child).Assembly.Location);
        }
        all.AddRange(arguments);
        return Start(name, self, all, environment);
    }

    private void Echo(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (Interlocked.Increment(ref _lines) <= EchoedLines)
        {
            Console.WriteLine($"   [{_name}] {(line.Length > 400 ? line[..400] + " …" : line)}");
        }
    }

    /// <summary>VmRSS and VmHWM (peak) in kB from /proc/&lt;pid&gt;/status; 0 where there is none.</summary>
    public (long RssKb, long PeakKb) Memory()
    {
        long rss = 0, peak = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kb(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    peak = Kb(line);
                }
            }
        }
        catch (IOException)
        {
        }
        return (rss, peak);

        static long Kb(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public void Signal(int signal)
    {
        if (Kill(Pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({Pid}, {signal}) failed for {_name}.");
        }
    }

    public const int SigTerm = 15;
    public const int SigStop = 19;
    public const int SigCont = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>SIGTERM (a graceful stop), then SIGKILL when it has not exited within a few seconds. Waits for it.</summary>
    public void Dispose()
    {
        if (!Running.TryRemove(Pid, out _))
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                Kill(Pid, SigCont); // a stopped process cannot act on SIGTERM
                Kill(Pid, SigTerm);
                if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(TimeSpan.FromSeconds(5));
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private static void StopAll()
    {
        foreach (var child in Running.Values)
        {
            child.Dispose();
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
