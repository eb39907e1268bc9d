using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Quartz;

namespace CoachBot.Tests.CheckIns;

public sealed class CheckInScheduleTests
{
    private static readonly Dictionary<string, string?> ParisAndNewYork = new()
    {
        ["Organization:Regions:0:TimeZone"] = "Europe/Paris",
        ["Organization:Regions:1:TimeZone"] = "America/New_York",
        ["Admin:ApiKey"] = "test-admin-key",
    };

    /// <summary>The registered trigger's schedule (cron and zone), which also answers for instants before the trigger started.</summary>
    private static async Task<CronExpression> TriggerAsync(BotApp bot, string name)
    {
        var scheduler = await bot.Service<ISchedulerFactory>().GetScheduler();
        var trigger = await scheduler.GetTrigger(new TriggerKey(name)) as ICronTrigger ?? throw new InvalidOperationException($"No cron trigger {name}.");
        return new CronExpression(trigger.CronExpressionString!, trigger.TimeZone);
    }

    [Fact]
    public async Task EachRegionsCheckInFiresOnFridayAtThreeLocalTimeAcrossItsOwnDaylightSavingChange()
    {
        await using var bot = await BotApp.StartAsync(ParisAndNewYork);
        var paris = await TriggerAsync(bot, "checkin-mea");
        var newYork = await TriggerAsync(bot, "checkin-apac");

        // Paris leaves summer time on Sunday 25 October 2026 (UTC+2 to UTC+1), New York on Sunday 1 November (UTC-4 to UTC-5).
        var parisBefore = paris.GetNextValidTimeAfter(new DateTimeOffset(2026, 10, 19, 0, 0, 0, TimeSpan.Zero));
        var parisAfter = paris.GetNextValidTimeAfter(parisBefore!.Value);
        var newYorkBefore = newYork.GetNextValidTimeAfter(new DateTimeOffset(2026, 10, 26, 0, 0, 0, TimeSpan.Zero));
        var newYorkAfter = newYork.GetNextValidTimeAfter(newYorkBefore!.Value);

        Assert.Equal(new DateTimeOffset(2026, 10, 23, 13, 0, 0, TimeSpan.Zero), parisBefore);
        Assert.Equal(new DateTimeOffset(2026, 10, 30, 14, 0, 0, TimeSpan.Zero), parisAfter);
        Assert.Equal(new DateTimeOffset(2026, 10, 30, 19, 0, 0, TimeSpan.Zero), newYorkBefore);
        Assert.Equal(new DateTimeOffset(2026, 11, 6, 20, 0, 0, TimeSpan.Zero), newYorkAfter);
    }

    [Fact]
    public async Task EachRegionsReminderFiresOnMondayAtNineLocalTimeAfterTheChange()
    {
        await using var bot = await BotApp.StartAsync(ParisAndNewYork);

        var paris = (await TriggerAsync(bot, "checkin-reminder-mea")).GetNextValidTimeAfter(new DateTimeOffset(2026, 10, 23, 14, 0, 0, TimeSpan.Zero));
        var newYork = (await TriggerAsync(bot, "checkin-reminder-apac")).GetNextValidTimeAfter(new DateTimeOffset(2026, 10, 30, 20, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 8, 0, 0, TimeSpan.Zero), paris);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero), newYork);
    }

    [Fact]
    public async Task TheAdminRouteListsEachRegionsCheckInAndReminderWithItsZoneAndNextFireTime()
    {
        await using var bot = await BotApp.StartAsync(ParisAndNewYork);
        bot.Http.DefaultRequestHeaders.Add("X-Admin-Key", "test-admin-key");

        var jobs = (await bot.Http.GetFromJsonAsync<JsonArray>("/api/admin/jobs"))!.Select(j => j!.AsObject()).ToList();

        foreach (var (name, zone) in new[] { ("checkin-mea", "Europe/Paris"), ("checkin-reminder-mea", "Europe/Paris"), ("checkin-apac", "America/New_York"), ("checkin-reminder-apac", "America/New_York") })
        {
            var job = Assert.Single(jobs, j => j["name"]?.GetValue<string>() == name);
            Assert.Equal(zone, job["timeZone"]?.GetValue<string>());
            Assert.True(job["nextFireTimeUtc"]?.GetValue<DateTimeOffset>() > DateTimeOffset.UtcNow);
        }
    }

    [Fact]
    public async Task TheOpenWeekIsLastWeekUntilItsCutOffOnWednesdayEveningThenThisWeek()
    {
        await using var bot = await BotApp.StartAsync();
        var calendar = bot.Service<CheckInCalendar>();
        var casablanca = TimeSpan.FromHours(1);

        Assert.Equal("2026-W48", calendar.OpenWeek("mea", new DateTimeOffset(2026, 11, 27, 15, 0, 0, casablanca)).ToString());
        Assert.Equal("2026-W48", calendar.OpenWeek("mea", new DateTimeOffset(2026, 12, 2, 17, 59, 0, casablanca)).ToString());
        Assert.Equal("2026-W49", calendar.OpenWeek("mea", new DateTimeOffset(2026, 12, 2, 18, 0, 0, casablanca)).ToString());
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 18, 0, 0, casablanca), calendar.CutOffAt("mea", new IsoWeek(2026, 48)));
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 0, 0, casablanca), calendar.ReminderAt("mea", new IsoWeek(2026, 48)));
    }

    [Theory]
    [InlineData("CheckIns:PresenceTarget", "40")]
    [InlineData("CheckIns:PresenceTarget", "0")]
    [InlineData("CheckIns:ReminderDay", "Thursday")]
    public async Task ABadCheckInConfigurationStopsTheServiceAtStart(string key, string value)
    {
        var refusal = await BotApp.RefusalAsync(new Dictionary<string, string?> { [key] = value });

        Assert.Contains("CheckIns", refusal);
    }
}
