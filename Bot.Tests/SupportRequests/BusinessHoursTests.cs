using CoachBot.Roster;
using CoachBot.SupportRequests.Escalation;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.SupportRequests;

/// <summary>Business hours counted in real zones: weekends, nights, clock changes, whole days, one day a week, seconds.</summary>
public sealed class BusinessHoursTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static BusinessHours Hours(string start = "09:00", string end = "18:00", List<string>? days = null, string zone = "Europe/Paris") => new(
        Options.Create(new EscalationOptions
        {
            TimeZone = zone,
            BusinessHours = new BusinessHoursOptions { Start = start, End = end, Days = days },
        }),
        new Organization(Options.Create(new OrganizationOptions
        {
            BusinessUnits =
            [
                new BusinessUnitOptions { Id = "pumps", Name = "Pumps", TimeZone = "Africa/Casablanca" },
                new BusinessUnitOptions { Id = "automation", Name = "Automation" },
            ],
        })));

    private static readonly List<string> EveryDay = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    /// <summary>A wall-clock time in <paramref name="zone"/> (Paris by default) as an instant.</summary>
    private static DateTimeOffset Local(int year, int month, int day, int hour, int minute = 0, int second = 0, TimeZoneInfo? zone = null)
    {
        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, (zone ?? Paris).GetUtcOffset(local));
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void ARequestOpenedFridayEveningWithSixteenHoursIsDueTuesdayAfternoon()
    {
        // Friday 17:30 → 18:00 is half an hour, Monday 09:00 → 18:00 nine, Tuesday 09:00 → 15:30 the last six and a half.
        var due = Hours().DueAt(Local(2026, 11, 27, 17, 30), 16m, Paris);

        Assert.Equal(Local(2026, 12, 1, 15, 30), due);
        Assert.Equal(Utc(2026, 12, 1, 14, 30), due);
    }

    [Fact]
    public void TimeOutsideBusinessHoursDoesNotCount()
    {
        var hours = Hours();

        // Saturday: the count starts on Monday at 09:00.
        Assert.Equal(Local(2026, 11, 30, 16, 0), hours.DueAt(Local(2026, 11, 28, 11, 0), 7m, Paris));
        // Monday before opening, and in the evening after closing.
        Assert.Equal(Local(2026, 11, 30, 10, 0), hours.DueAt(Local(2026, 11, 30, 7, 0), 1m, Paris));
        Assert.Equal(Local(2026, 12, 1, 10, 0), hours.DueAt(Local(2026, 11, 30, 21, 0), 1m, Paris));
    }

    [Fact]
    public void ACountEndingAtClosingTimeIsDueAtClosingNotAtTheNextOpening()
    {
        var hours = Hours();

        Assert.Equal(Local(2026, 11, 30, 18, 0), hours.DueAt(Local(2026, 11, 30, 9, 0), 9m, Paris));
        Assert.Equal(Local(2026, 12, 1, 9, 0, 36), hours.DueAt(Local(2026, 11, 30, 9, 0), 9.01m, Paris));
    }

    [Fact]
    public void NineOClockIsLocalWallTimeOnBothSidesOfTheSpringChange()
    {
        // Paris goes from UTC+1 to UTC+2 on Sunday 29 March 2026.
        var due = Hours().DueAt(Local(2026, 3, 27, 17, 0), 2m, Paris);

        Assert.Equal(Utc(2026, 3, 30, 8, 0), due);
        Assert.Equal(TimeSpan.FromHours(2), Hours().ElapsedBetween(Utc(2026, 3, 27, 16, 0), Utc(2026, 3, 30, 8, 0), Paris));
    }

    [Fact]
    public void NineOClockIsLocalWallTimeOnBothSidesOfTheAutumnChange()
    {
        // Paris goes from UTC+2 to UTC+1 on Sunday 25 October 2026.
        var due = Hours().DueAt(Utc(2026, 10, 23, 15, 0), 2m, Paris);

        Assert.Equal(Utc(2026, 10, 26, 9, 0), due);
    }

    [Fact]
    public void AWholeDayHoldsTheRealHoursOfTheNightTheClocksChange()
    {
        var hours = Hours("00:00", "24:00", EveryDay);

        Assert.Equal(TimeSpan.FromHours(23), hours.ElapsedBetween(Local(2026, 3, 29, 0, 0), Local(2026, 3, 30, 0, 0), Paris));
        Assert.Equal(TimeSpan.FromHours(25), hours.ElapsedBetween(Local(2026, 10, 25, 0, 0), Local(2026, 10, 26, 0, 0), Paris));
        // Saturday noon CET plus 24 real hours is Sunday 13:00 CEST.
        Assert.Equal(Local(2026, 3, 29, 13, 0), hours.DueAt(Local(2026, 3, 28, 12, 0), 24m, Paris));
    }

    [Fact]
    public void WholeWorkingDaysSkipTheWeekendFromMidnightToMidnight()
    {
        var hours = Hours("00:00", "24:00");

        Assert.Equal(Local(2026, 11, 30, 1, 0), hours.DueAt(Local(2026, 11, 27, 23, 0), 2m, Paris));
        Assert.Equal(TimeSpan.FromHours(1), hours.ElapsedBetween(Local(2026, 11, 27, 23, 0), Local(2026, 11, 30, 0, 0), Paris));
    }

    [Fact]
    public void AWholeDayInAZoneWhoseClocksChangeAtMidnightStartsWhenTheDayDoes()
    {
        // Santiago skips from Sunday 6 September 2026 00:00 to 01:00, and repeats Saturday 4 April 2026 23:00–24:00.
        var santiago = TimeZoneInfo.FindSystemTimeZoneById("America/Santiago");
        var hours = Hours("00:00", "24:00", EveryDay, "America/Santiago");
        var sunday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Utc(2026, 9, 6, 12, 0), santiago).DateTime);
        Assert.True(santiago.IsInvalidTime(new DateTime(2026, 9, 6, 0, 30, 0)), "the test assumes Chile's September change at midnight");

        var day = hours.ElapsedBetween(Utc(2026, 9, 5, 12, 0), Utc(2026, 9, 7, 12, 0), santiago);

        Assert.Equal(new DateOnly(2026, 9, 6), sunday);
        Assert.Equal(TimeSpan.FromHours(48), day);
        Assert.Equal(Utc(2026, 9, 6, 4, 0), hours.DueAt(Local(2026, 9, 5, 23, 0, zone: santiago), 1m, santiago));
    }

    [Fact]
    public void ASingleBusinessDayPerWeekWaitsForTheNextOne()
    {
        var hours = Hours(days: ["Wednesday"]);

        // Thursday: the next Wednesday gives nine hours, the one after the tenth.
        Assert.Equal(Local(2026, 12, 9, 10, 0), hours.DueAt(Local(2026, 11, 26, 10, 0), 10m, Paris));
        Assert.Equal(TimeSpan.FromHours(10), hours.ElapsedBetween(Local(2026, 11, 26, 10, 0), Local(2026, 12, 9, 10, 0), Paris));
    }

    [Fact]
    public void TinyThresholdsCountInSecondsAndCarryOverTheNight()
    {
        var hours = Hours();

        Assert.Equal(Local(2026, 11, 30, 10, 0, 36), hours.DueAt(Local(2026, 11, 30, 10, 0), 0.01m, Paris));
        // 10 seconds before Friday's close, 26 after Monday's opening.
        Assert.Equal(Local(2026, 11, 30, 9, 0, 26), hours.DueAt(Local(2026, 11, 27, 17, 59, 50), 0.01m, Paris));
        Assert.Equal(Local(2026, 11, 30, 9, 0, 18), hours.DueAt(Local(2026, 11, 28, 3, 0), 0.005m, Paris));
    }

    [Fact]
    public void ZeroHoursIsTheStartAndNegativeHoursAreRefused()
    {
        var start = Local(2026, 11, 28, 3, 0);

        Assert.Equal(start, Hours().DueAt(start, 0m, Paris));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hours().DueAt(start, -1m, Paris));
    }

    [Fact]
    public void ElapsedBusinessTimeCountsOnlyOpenHoursAndNothingBackwards()
    {
        var hours = Hours();

        Assert.Equal(TimeSpan.FromHours(16), hours.ElapsedBetween(Local(2026, 11, 27, 17, 30), Local(2026, 12, 1, 15, 30), Paris));
        Assert.Equal(TimeSpan.Zero, hours.ElapsedBetween(Local(2026, 11, 27, 18, 0), Local(2026, 11, 30, 9, 0), Paris));
        Assert.Equal(TimeSpan.Zero, hours.ElapsedBetween(Local(2026, 12, 1, 15, 30), Local(2026, 11, 27, 17, 30), Paris));
        Assert.Equal(TimeSpan.Zero, hours.ElapsedBetween(Local(2026, 11, 30, 12, 0), Local(2026, 11, 30, 10, 0), Paris));
        Assert.Equal(TimeSpan.FromMinutes(90), hours.ElapsedBetween(Local(2026, 11, 30, 7, 0), Local(2026, 11, 30, 10, 30), Paris));
    }

    [Fact]
    public void ElapsedTimeUpToTheDueInstantIsTheThresholdFromAnyStartOfTheYear()
    {
        var hours = Hours();
        var thresholds = new[] { 0.01m, 1m, 8m, 9m, 16m, 40.5m };
        // Every 7 hours and 13 minutes through 2026, so starts fall on every hour of the week and on both clock changes.
        for (var start = Utc(2026, 1, 1, 0, 0); start.Year == 2026; start += new TimeSpan(7, 13, 0))
        {
            foreach (var threshold in thresholds)
            {
                var due = hours.DueAt(start, threshold, Paris);
                Assert.Equal(TimeSpan.FromTicks((long)(threshold * TimeSpan.TicksPerHour)), hours.ElapsedBetween(start, due, Paris));
                var local = TimeZoneInfo.ConvertTime(due, Paris);
                Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(9), TimeSpan.FromHours(18));
                Assert.InRange(local.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
            }
        }
    }

    [Fact]
    public void ABusinessUnitsOwnZoneWinsOverTheEscalationZone()
    {
        var hours = Hours();

        Assert.Equal("Africa/Casablanca", hours.ZoneFor("pumps").Id);
        Assert.Equal("Africa/Casablanca", hours.ZoneFor("PUMPS").Id);
        Assert.Equal("Europe/Paris", hours.ZoneFor("automation").Id);
        Assert.Equal("Europe/Paris", hours.ZoneFor("no-longer-on-the-roster").Id);
        Assert.Equal("Asia/Singapore", Hours(zone: "Asia/Singapore").ZoneFor("automation").Id);
    }

    [Fact]
    public void AWorkingDayAcrossTheHourTheClocksSkipOrRepeatHoldsTheRealTimeBetweenItsWallClockBounds()
    {
        // 02:30 to 03:30 every day. On 29 March 2026 Paris skips 02:00–03:00: the day opens at the jump, 03:00 CEST,
        // and holds half an hour. On 25 October it repeats 02:00–03:00: the day opens at the first 02:30 (CEST) and
        // closes at 03:30 CET, two real hours later.
        var hours = Hours("02:30", "03:30", EveryDay);

        Assert.Equal(TimeSpan.FromMinutes(30), hours.ElapsedBetween(Utc(2026, 3, 28, 12, 0), Utc(2026, 3, 29, 12, 0), Paris));
        Assert.Equal(Utc(2026, 3, 29, 1, 10), hours.DueAt(Utc(2026, 3, 28, 12, 0), 10m / 60, Paris));
        Assert.Equal(TimeSpan.FromHours(2), hours.ElapsedBetween(Utc(2026, 10, 24, 12, 0), Utc(2026, 10, 25, 12, 0), Paris));
        Assert.Equal(Utc(2026, 10, 25, 0, 30, 1), hours.DueAt(Utc(2026, 10, 24, 12, 0), 1m / 3600, Paris));
        Assert.Equal(Utc(2026, 10, 25, 2, 30), hours.DueAt(Utc(2026, 10, 24, 12, 0), 2m, Paris));
    }

    [Fact]
    public void AWorkingDayClosingInTheRepeatedHourClosesAtItsSecondOccurrence()
    {
        // 01:30 to 02:30: on 25 October 2026 the day opens at 01:30 CEST (23:30 UTC the day before) and closes at the
        // second 02:30, CET (01:30 UTC).
        var hours = Hours("01:30", "02:30", EveryDay);

        Assert.Equal(TimeSpan.FromHours(2), hours.ElapsedBetween(Utc(2026, 10, 24, 12, 0), Utc(2026, 10, 25, 12, 0), Paris));
        Assert.Equal(Utc(2026, 10, 25, 1, 30), hours.DueAt(Utc(2026, 10, 24, 12, 0), 2m, Paris));
    }

    [Theory]
    [InlineData("25:00", "18:00", "Escalation:BusinessHours:Start is not valid")]
    [InlineData("09:00", "9h", "Escalation:BusinessHours:End is not valid")]
    [InlineData("18:00", "09:00", "Escalation:BusinessHours needs End after Start")]
    [InlineData("09:00", "09:00", "Escalation:BusinessHours needs End after Start")]
    public void BusinessHoursRefuseAWorkingDayTheValidatorWouldRefuse(string start, string end, string message)
    {
        var refused = Assert.Throws<ArgumentException>(() => Hours(start, end));

        Assert.StartsWith(message, refused.Message);
    }

    [Fact]
    public void AZoneIsRequired()
    {
        Assert.Throws<ArgumentNullException>(() => Hours().DueAt(Local(2026, 11, 30, 10, 0), 1m, null!));
        Assert.Throws<ArgumentNullException>(() => Hours().ElapsedBetween(Local(2026, 11, 30, 10, 0), Local(2026, 11, 30, 12, 0), null!));
    }

    [Fact]
    public void TimesOfDayMayOmitTheLeadingZero()
    {
        var hours = Hours("9:00", "17:30");

        Assert.Equal(Local(2026, 11, 30, 17, 30), hours.DueAt(Local(2026, 11, 30, 7, 0), 8.5m, Paris));
    }
}
