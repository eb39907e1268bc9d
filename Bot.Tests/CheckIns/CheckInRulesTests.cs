using CoachBot.Calendar;
using CoachBot.CheckIns;

namespace CoachBot.Tests.CheckIns;

public sealed class CheckInRulesTests
{
    private static Dictionary<string, string?> Form(params (string Field, string? Value)[] changes)
    {
        var form = new Dictionary<string, string?>
        {
            ["visits"] = "6", ["fieldDays"] = "3", ["plannedVisits"] = "5", ["customers"] = " OCP (Maroc) ", ["win"] = "A win",
            ["blocker"] = "", ["confidence"] = "4", ["needsBuSupport"] = "false",
        };
        foreach (var (field, value) in changes)
        {
            form[field] = value;
        }
        return form;
    }

    [Fact]
    public void AValidFormBecomesAnAnswerWithItsTextTrimmed()
    {
        var result = CheckInRules.Validate(Form(("needsBuSupport", "true")), workingDays: 5);

        Assert.Empty(result.Errors);
        Assert.Equal(new CheckInAnswer(6, 3, 5, "OCP (Maroc)", "A win", "", 4, true), result.Answer);
    }

    [Theory]
    [InlineData("visits", "51", "checkin_error_range")]
    [InlineData("visits", "-1", "checkin_error_range")]
    [InlineData("visits", "2.5", "checkin_error_whole_number")]
    [InlineData("visits", "many", "checkin_error_whole_number")]
    [InlineData("visits", "", "checkin_error_required")]
    [InlineData("visits", null, "checkin_error_required")]
    [InlineData("fieldDays", "6", "checkin_error_range")]
    [InlineData("fieldDays", "-1", "checkin_error_range")]
    [InlineData("fieldDays", "one", "checkin_error_whole_number")]
    [InlineData("plannedVisits", "51", "checkin_error_range")]
    [InlineData("plannedVisits", null, "checkin_error_required")]
    [InlineData("confidence", "0", "checkin_error_range")]
    [InlineData("confidence", "6", "checkin_error_range")]
    [InlineData("confidence", "", "checkin_error_required")]
    [InlineData("needsBuSupport", "maybe", "checkin_error_yes_no")]
    public void EachFieldRefusesAnOutOfRangeOrMalformedValueWithItsReasonAndOnlyThatField(string field, string? value, string reason)
    {
        var result = CheckInRules.Validate(Form((field, value)), workingDays: 5);

        Assert.Null(result.Answer);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Key);
        Assert.Equal(reason, error.Value.ReasonKey);
    }

    [Theory]
    [InlineData("customers")]
    [InlineData("win")]
    [InlineData("blocker")]
    public void TextLongerThanTheLimitIsRefusedNotCut(string field)
    {
        var result = CheckInRules.Validate(Form((field, new string('x', CheckInRules.MaxTextLength + 1))), workingDays: 5);

        Assert.Equal("checkin_error_too_long", Assert.Single(result.Errors).Value.ReasonKey);
        Assert.Empty(CheckInRules.Validate(Form((field, "  " + new string('x', CheckInRules.MaxTextLength) + "  ")), workingDays: 5).Errors);
    }

    [Fact]
    public void BoundaryValuesAreAccepted()
    {
        var result = CheckInRules.Validate(Form(("visits", "50"), ("fieldDays", "0"), ("plannedVisits", "0"), ("confidence", "1")), workingDays: 5);

        Assert.Equal((50, 0, 0, 1), (result.Answer!.Visits, result.Answer.FieldDays, result.Answer.PlannedVisits, result.Answer.Confidence));
        Assert.Equal(5, CheckInRules.Validate(Form(("fieldDays", "5"), ("confidence", "5")), workingDays: 5).Answer!.FieldDays);
    }

    [Fact]
    public void FieldDaysCannotExceedTheWeeksWorkingDaysOnceHolidaysAreRemoved()
    {
        var refused = CheckInRules.Validate(Form(("fieldDays", "5")), workingDays: 4);
        var accepted = CheckInRules.Validate(Form(("fieldDays", "4")), workingDays: 4);

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("fieldDays", "checkin_error_more_than_working_days"), (error.Key, error.Value.ReasonKey));
        Assert.Equal([4], error.Value.Arguments);
        Assert.Equal(4, accepted.Answer!.FieldDays);
    }

    [Fact]
    public void WorkingDaysAreMondayToFridayLessTheRegionsHolidays()
    {
        var christmasWeek = new IsoWeek(2026, 52);
        var days = CheckInRules.WorkingDays(christmasWeek, [new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 26), new DateOnly(2027, 1, 1)]);

        Assert.Equal([new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 22), new DateOnly(2026, 12, 23), new DateOnly(2026, 12, 24)], days);
        Assert.Empty(CheckInRules.WorkingDays(new IsoWeek(2026, 53), Enumerable.Range(0, 5).Select(i => new DateOnly(2026, 12, 28).AddDays(i))));
    }

    [Fact]
    public void PresenceRateIsFieldDaysOverWorkingDaysAndTheAverageWeighsEachWeekByItsWorkingDays()
    {
        static WeeklyCheckIn Week(int number, int fieldDays, int workingDays) =>
            new(new IsoWeek(2026, number), new CheckInAnswer(1, fieldDays, 1, "", "", "", 3, false), workingDays, DateTimeOffset.UnixEpoch, 1);

        // A holiday week: 2 field days out of 4 working days is 50 %, not 40 %.
        Assert.Equal(0.5, Week(52, 2, 4).PresenceRate);
        Assert.Null(Week(53, 0, 0).PresenceRate);
        // (2 + 1 + 5 + 0) field days over (4 + 5 + 5 + 5) working days.
        Assert.Equal(8.0 / 19, CheckInRules.AveragePresence([Week(52, 2, 4), Week(51, 1, 5), Week(50, 5, 5), Week(49, 0, 5)]));
        Assert.Null(CheckInRules.AveragePresence([]));
    }

    [Theory]
    [InlineData("2026-11-27", "2026-W48")]
    [InlineData("2026-12-31", "2026-W53")]
    [InlineData("2027-01-03", "2026-W53")]
    [InlineData("2027-01-04", "2027-W01")]
    [InlineData("2021-01-01", "2020-W53")]
    public void WeeksAreIsoWeeks(string date, string week)
    {
        var iso = IsoWeek.Of(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(week, iso.ToString());
        Assert.True(IsoWeek.TryParse(week, out var parsed));
        Assert.Equal(iso, parsed);
    }

    [Theory]
    [InlineData("2026-W54")]
    [InlineData("2027-W53")]
    [InlineData("2026-W00")]
    [InlineData("2026-48")]
    [InlineData("../2026-W48")]
    [InlineData("")]
    [InlineData(null)]
    public void AnythingButAnExistingIsoWeekIsNotAWeek(string? text) => Assert.False(IsoWeek.TryParse(text, out _));

    [Fact]
    public void WeekIdsSortInTimeOrderAcrossYears()
    {
        var weeks = new[] { new IsoWeek(2027, 1), new IsoWeek(2026, 53), new IsoWeek(2026, 9), new IsoWeek(2026, 10) };

        Assert.Equal(weeks.Order().Select(w => w.ToString()), weeks.Select(w => w.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(new IsoWeek(2027, 1), new IsoWeek(2026, 53).Plus(1));
        Assert.Equal(new IsoWeek(2026, 50), new IsoWeek(2027, 1).Plus(-4));
    }

    [Theory]
    [InlineData("visits", 0, 50)]
    [InlineData("fieldDays", 0, 5)]
    [InlineData("plannedVisits", 0, 50)]
    [InlineData("confidence", 1, 5)]
    public void EachNumberIsAcceptedAtBothEdgesOfItsRangeAndRefusedJustOutsideWithTheRangeInTheReason(string field, int min, int max)
    {
        static int Read(CheckInAnswer answer, string field) => field switch
        {
            "visits" => answer.Visits, "fieldDays" => answer.FieldDays, "plannedVisits" => answer.PlannedVisits, _ => answer.Confidence,
        };

        foreach (var edge in new[] { min, max })
        {
            var result = CheckInRules.Validate(Form((field, edge.ToString(System.Globalization.CultureInfo.InvariantCulture))), workingDays: 5);
            Assert.True(result.IsValid);
            Assert.Equal(edge, Read(result.Answer!, field));
        }
        foreach (var outside in new[] { min - 1, max + 1 })
        {
            var result = CheckInRules.Validate(Form((field, outside.ToString(System.Globalization.CultureInfo.InvariantCulture))), workingDays: 5);
            Assert.False(result.IsValid);
            var error = Assert.Single(result.Errors).Value;
            Assert.Equal("checkin_error_range", error.ReasonKey);
            Assert.Equal([min, max], error.Arguments);
        }
    }

    [Theory]
    [InlineData(" 3 ", 3)]
    [InlineData("3.0", 3)]
    [InlineData("3.", 3)]
    [InlineData("+3", 3)]
    public void NumbersAreReadAsTeamsSendsThemWhenTheyAreWhole(string raw, int expected) =>
        Assert.Equal(expected, CheckInRules.Validate(Form(("visits", raw)), workingDays: 5).Answer!.Visits);

    [Theory]
    [InlineData("2147483647")]
    [InlineData("-2147483648")]
    [InlineData("1e3")]
    [InlineData("3,0")]
    [InlineData("99999999999999999999")]
    public void AnyWholeNumberThatFitsIsRefusedAsOutOfRangeAndAnythingElseAsNotAWholeNumber(string raw)
    {
        var error = Assert.Single(CheckInRules.Validate(Form(("visits", raw)), workingDays: 5).Errors).Value;

        var fitsAnInt = int.TryParse(raw, System.Globalization.CultureInfo.InvariantCulture, out _);
        Assert.Equal(fitsAnInt ? "checkin_error_range" : "checkin_error_whole_number", error.ReasonKey);
    }

    [Fact]
    public void AFormWithEveryFieldWrongReportsEveryFieldAndStoresNothing()
    {
        var result = CheckInRules.Validate(
            Form(("visits", "x"), ("fieldDays", ""), ("plannedVisits", "51"), ("customers", new string('c', 501)), ("win", new string('w', 501)),
                ("blocker", new string('b', 501)), ("confidence", "0"), ("needsBuSupport", "yes"), ("shareWin", "maybe"), ("winBu", "golf")),
            workingDays: 5, businessUnits: ["pumps"]);

        Assert.False(result.IsValid);
        Assert.Null(result.Answer);
        Assert.Equal(CheckInRules.Fields.Order(StringComparer.Ordinal), result.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([CheckInRules.MaxTextLength, 501], result.Errors["win"].Arguments);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("false", false)]
    [InlineData(" FALSE ", false)]
    [InlineData("true", true)]
    public void AWinIsSharedUnlessTheCardSaysFalse(string? raw, bool expected)
    {
        var result = CheckInRules.Validate(Form(("shareWin", raw)), workingDays: 5);

        Assert.True(result.IsValid);
        Assert.Equal(expected, result.Answer!.ShareWin);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(" ", null)]
    [InlineData("pumps", "pumps")]
    [InlineData(" Pumps ", "pumps")]
    public void TheBusinessUnitThatHelpedIsOneOfTheRostersOrNone(string? raw, string? expected)
    {
        var result = CheckInRules.Validate(Form(("winBu", raw)), workingDays: 5, businessUnits: ["pumps", "automation"]);

        Assert.True(result.IsValid);
        Assert.Equal(expected, result.Answer!.WinBusinessUnit);
        Assert.Equal("checkin_error_unknown_bu", CheckInRules.Validate(Form(("winBu", "pump")), 5, ["pumps"]).Errors["winBu"].ReasonKey);
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("false", false)]
    [InlineData(" FALSE ", false)]
    [InlineData("true", true)]
    [InlineData(" True ", true)]
    public void TheSupportToggleIsOnOnlyWhenTheCardSaysTrue(string? raw, bool expected)
    {
        var result = CheckInRules.Validate(Form(("needsBuSupport", raw)), workingDays: 5);

        Assert.True(result.IsValid);
        Assert.Equal(expected, result.Answer!.NeedsBuSupport);
    }

    [Fact]
    public void AnOptionalTextLeftOutOfTheFormIsEmptyAndWhitespaceIsTrimmedAway()
    {
        var form = Form(("win", "   "), ("blocker", "\tVisa delays\n"));
        form.Remove("customers");

        var answer = CheckInRules.Validate(form, workingDays: 5).Answer!;

        Assert.Equal(("", "", "Visa delays"), (answer.Customers, answer.Win, answer.Blocker));
    }

    [Fact]
    public void AWeekWithoutWorkingDaysAcceptsOnlyZeroFieldDays()
    {
        Assert.Equal(0, CheckInRules.Validate(Form(("fieldDays", "0")), workingDays: 0).Answer!.FieldDays);
        var error = Assert.Single(CheckInRules.Validate(Form(("fieldDays", "1")), workingDays: 0).Errors);
        Assert.Equal(("fieldDays", "checkin_error_more_than_working_days"), (error.Key, error.Value.ReasonKey));
    }

    [Fact]
    public void TheAverageIgnoresAWeekWithNoWorkingDayAndAFullWeekInTheFieldIsAHundredPercent()
    {
        static WeeklyCheckIn Week(int number, int fieldDays, int workingDays) =>
            new(new IsoWeek(2026, number), new CheckInAnswer(1, fieldDays, 1, "", "", "", 3, false), workingDays, DateTimeOffset.UnixEpoch, 1);

        Assert.Equal(1.0, Week(50, 5, 5).PresenceRate);
        Assert.Equal(0.0, Week(49, 0, 5).PresenceRate);
        Assert.Equal(0.5, CheckInRules.AveragePresence([Week(53, 0, 0), Week(52, 2, 4)]));
        Assert.Null(CheckInRules.AveragePresence([Week(53, 0, 0)]));
        Assert.Equal(0.75, CheckInRules.PresenceRate(3, 4));
        Assert.Null(CheckInRules.PresenceRate(0, -1));
    }

    [Theory]
    [InlineData("2000-W01", true)]
    [InlineData("9998-W52", true)]
    [InlineData("1999-W52", false)]
    [InlineData("9999-W01", false)]
    [InlineData("2020-W53", true)]
    [InlineData(" 2026-W53 ", true)]
    public void WeeksFromTheYear2000To9998AreAccepted(string text, bool accepted)
    {
        Assert.Equal(accepted, IsoWeek.TryParse(text, out var week));
        Assert.Equal(accepted ? text.Trim() : "0000-W00", week.ToString());
    }

    [Fact]
    public void WeeksCompareInTimeOrderAcrossTheYearBoundary()
    {
        IsoWeek w52 = new(2026, 52), w53 = new(2026, 53), alsoW53 = IsoWeek.Of(new DateOnly(2027, 1, 3)), next = new(2027, 1);

        Assert.True(w52 < w53 && w53 < next && !(next < w53) && !(w53 < alsoW53));
        Assert.True(next > w53 && !(w53 > next) && !(w53 > alsoW53));
        Assert.True(w53 <= next && w53 <= alsoW53 && !(next <= w53));
        Assert.True(next >= w53 && w53 >= alsoW53 && !(w52 >= w53));
        Assert.Equal(new IsoWeek(2026, 53), new IsoWeek(2027, 1).Previous);
        Assert.Equal(new DateOnly(2026, 12, 28), w53.Monday);
    }
}
