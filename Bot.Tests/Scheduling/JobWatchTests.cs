using CoachBot.Scheduling;

namespace CoachBot.Tests.Scheduling;

/// <summary>When a scheduled job counts as not run (coachbot.jobs.overdue, which the deployment's alert reads).</summary>
public sealed class JobWatchTests
{
    // Fridays at 15:00 in Casablanca, as the check-in of the test roster's MEA region.
    private const string FridayAt3pm = "0 0 15 ? * FRI";
    private static readonly TimeZoneInfo Casablanca = TimeZoneInfo.FindSystemTimeZoneById("Africa/Casablanca");
    private static readonly DateTimeOffset Scheduled = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Due = new(2026, 11, 27, 15, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public void ARunNotDoneAnHourAfterItWasDueIsOverdue() =>
        Assert.Equal(Due, JobWatch.Overdue(FridayAt3pm, Casablanca, Scheduled, lastRunFor: null, Due.AddHours(1).AddMinutes(1)));

    [Fact]
    public void ARunStillWithinItsHourIsNotOverdueYet() =>
        Assert.Null(JobWatch.Overdue(FridayAt3pm, Casablanca, Scheduled, lastRunFor: null, Due.AddMinutes(59)));

    [Fact]
    public void ARunDoneForItsFireTimeIsNotOverdue() =>
        Assert.Null(JobWatch.Overdue(FridayAt3pm, Casablanca, Scheduled, lastRunFor: Due, Due.AddDays(3)));

    [Fact]
    public void OnlyTheLastRunRunDoneALaterWeekIsNotEnough()
    {
        var nextWeek = Due.AddDays(7);

        Assert.Equal(nextWeek, JobWatch.Overdue(FridayAt3pm, Casablanca, Scheduled, lastRunFor: Due, nextWeek.AddHours(2)));
    }

    [Fact]
    public void ARunDueBeforeTheJobWasScheduledIsNotCounted() =>
        Assert.Null(JobWatch.Overdue(FridayAt3pm, Casablanca, Due.AddMinutes(1), lastRunFor: null, Due.AddDays(2)));
}
