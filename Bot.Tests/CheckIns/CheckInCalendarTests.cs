using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Roster;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.CheckIns;

/// <summary>The check-in's instants in a region's own zone, on a calendar built without the bot.</summary>
public sealed class CheckInCalendarTests
{
    private static CheckInCalendar Calendar(CheckInOptions? options = null) => new(
        Options.Create(options ?? new CheckInOptions()),
        new Organization(Options.Create(new OrganizationOptions
        {
            Regions =
            [
                new RegionOptions { Id = "europe", Name = "Europe", TimeZone = "Europe/Paris", Holidays = [new DateOnly(2026, 4, 6)] },
                new RegionOptions { Id = "americas", Name = "Americas", TimeZone = "America/New_York" },
            ],
        })));

    private static DateTimeOffset Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public void TheCutOffIsWednesdayEveningInTheRegionsWinterTimeWhenTheClocksWentBackAfterTheSend()
    {
        var calendar = Calendar();
        // 2026-W44 goes out on Friday 30 October at 15:00 EDT (UTC-4); New York leaves summer time on Sunday 1 November.
        var week = new IsoWeek(2026, 44);

        Assert.Equal(Utc(10, 30, 19), calendar.SendAt("americas", week));
        Assert.Equal(Utc(11, 2, 14), calendar.ReminderAt("americas", week));
        Assert.Equal(Utc(11, 4, 23), calendar.CutOffAt("americas", week));
        Assert.Equal(new DateTime(2026, 11, 4, 18, 0, 0), calendar.CutOffLocal(week));
    }

    [Fact]
    public void TheOpenWeekTurnsAtTheCutOffInstantInTheRegionsZoneAcrossTheSpringChange()
    {
        var calendar = Calendar();
        // Paris enters summer time on Sunday 29 March 2026: 2026-W13 goes out on Friday 27 March at 15:00 CET (UTC+1)
        // and closes on Wednesday 1 April at 18:00 CEST (UTC+2), that is 16:00 UTC.
        var w13 = new IsoWeek(2026, 13);

        Assert.Equal(w13, calendar.OpenWeek("europe", Utc(4, 1, 15, 59)));
        Assert.False(calendar.IsClosed("europe", w13, Utc(4, 1, 15, 59)));
        Assert.Equal(new IsoWeek(2026, 14), calendar.OpenWeek("europe", Utc(4, 1, 16)));
        Assert.True(calendar.IsClosed("europe", w13, Utc(4, 1, 16)));
        // The same instant in New York (noon on Wednesday, EDT) is still before that region's own cut-off.
        Assert.Equal(w13, calendar.OpenWeek("americas", Utc(4, 1, 16)));
    }

    [Fact]
    public void ThisWeekCanBeAnsweredBeforeItsCardGoesOutOnceLastWeekIsClosed()
    {
        var calendar = Calendar();

        // Thursday 2 April, 09:00 in Paris: 2026-W13 closed the evening before, 2026-W14's card goes out tomorrow.
        Assert.Equal(new IsoWeek(2026, 14), calendar.OpenWeek("europe", Utc(4, 2, 7)));
        Assert.True(Utc(4, 2, 7) < calendar.SendAt("europe", new IsoWeek(2026, 14)));
    }

    [Fact]
    public void TheOpenWeekFollowsTheRegionsLocalDateAcrossTheYearBoundaryAndWeek53()
    {
        var calendar = Calendar();

        // Sunday 3 January 2027 is still 2026-W53; its cut-off is Wednesday 6 January 18:00 CET (17:00 UTC).
        Assert.Equal(new IsoWeek(2026, 53), calendar.OpenWeek("europe", new DateTimeOffset(2027, 1, 6, 16, 59, 0, TimeSpan.Zero)));
        Assert.Equal(new IsoWeek(2027, 1), calendar.OpenWeek("europe", new DateTimeOffset(2027, 1, 6, 17, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateTimeOffset(2027, 1, 6, 17, 0, 0, TimeSpan.Zero), calendar.CutOffAt("europe", new IsoWeek(2026, 53)));
        // New Year's Eve 23:30 in New York is already 2027 in UTC; the region's date is still 31 December.
        Assert.Equal(new DateOnly(2026, 12, 31), calendar.LocalDate("americas", new DateTimeOffset(2027, 1, 1, 4, 30, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void ASendTimeSkippedByTheSpringChangeMovesForwardByTheGapAndTheTimeJustAfterKeepsSummerTime()
    {
        // Paris jumps from 02:00 to 03:00 on Sunday 29 March 2026 (the Sunday of 2026-W13).
        var week = new IsoWeek(2026, 13);

        // 02:30 does not exist that night: it fires at 03:30 CEST, as Quartz does.
        Assert.Equal(Utc(3, 29, 1, 30), Calendar(new CheckInOptions { SendDay = DayOfWeek.Sunday, SendTime = new(2, 30) }).SendAt("europe", week));
        Assert.Equal(Utc(3, 29, 1, 30), Calendar(new CheckInOptions { SendDay = DayOfWeek.Sunday, SendTime = new(3, 30) }).SendAt("europe", week));
        Assert.Equal(Utc(3, 29, 0, 30), Calendar(new CheckInOptions { SendDay = DayOfWeek.Sunday, SendTime = new(1, 30) }).SendAt("europe", week));
    }

    [Fact]
    public void ATimeRepeatedByTheAutumnChangeIsTheFirstOfTheTwo()
    {
        // Paris goes back from 03:00 to 02:00 on Sunday 25 October 2026 (the Sunday of 2026-W43): 02:30 happens twice,
        // first at UTC+2.
        var calendar = Calendar(new CheckInOptions { SendDay = DayOfWeek.Sunday, SendTime = new(2, 30), CutOffDay = DayOfWeek.Sunday, CutOffTime = new(2, 30) });

        Assert.Equal(Utc(10, 25, 0, 30), calendar.SendAt("europe", new IsoWeek(2026, 43)));
        // A week later the cut-off (Sunday 1 November 02:30) is plain winter time.
        Assert.Equal(Utc(11, 1, 1, 30), calendar.CutOffAt("europe", new IsoWeek(2026, 43)));
    }

    [Fact]
    public void WorkingDaysComeFromTheRegionsOwnHolidays()
    {
        var calendar = Calendar();
        var easterWeek = new IsoWeek(2026, 15);

        Assert.Equal(4, calendar.WorkingDays("europe", easterWeek).Count);
        Assert.DoesNotContain(new DateOnly(2026, 4, 6), calendar.WorkingDays("europe", easterWeek));
        Assert.Equal(5, calendar.WorkingDays("americas", easterWeek).Count);
    }

    [Fact]
    public void ARegionThatIsNotOnTheRosterIsRefusedByName()
    {
        var calendar = Calendar();

        var error = Assert.Throws<ArgumentException>(() => calendar.OpenWeek("atlantis", Utc(4, 1, 12)));
        Assert.Contains("'atlantis'", error.Message);
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"), calendar.Zone("EUROPE"));
    }
}
