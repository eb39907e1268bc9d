using System.Diagnostics.Metrics;

namespace CoachBot.Scheduling;

/// <summary>
/// What the scheduled jobs did (meter <c>CoachBot.Jobs</c>), tagged with the job's name (<c>checkin-mea</c>,
/// <c>digest-director</c>, <c>table-backup</c>…): the alerts of the deployment read these. A static meter: every
/// <see cref="SingleInstanceJob"/> reports to it without each job taking one more constructor argument.
/// </summary>
public static class JobMetrics
{
    public const string MeterName = "CoachBot.Jobs";
    public const string RunsInstrument = "coachbot.jobs.runs";
    public const string OverdueInstrument = "coachbot.jobs.overdue";
    public const string MissedInstrument = "coachbot.jobs.missed";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>(RunsInstrument,
        description: "Runs of a scheduled job on the instance that held its lease, by outcome (succeeded, failed, cancelled).");
    private static readonly Counter<long> Overdue = Meter.CreateCounter<long>(OverdueInstrument,
        description: "Checks that found a job's last scheduled run not done an hour after it was due (counted every 15 minutes while it lasts).");
    private static readonly Counter<long> MissedRuns = Meter.CreateCounter<long>(MissedInstrument,
        description: "Runs due while the service was down and found at the next start past the time they were of use (a check-in after its cut-off): given up, once per due time.");

    internal static void Ran(string job, string outcome) =>
        Runs.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", outcome));

    internal static void Missed(string job) => MissedRuns.Add(1, new KeyValuePair<string, object?>("job", job));

    internal static void Late(string job) => Overdue.Add(1, new KeyValuePair<string, object?>("job", job));
}
