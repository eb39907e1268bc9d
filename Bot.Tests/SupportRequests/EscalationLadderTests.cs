using CoachBot.Tests.Infrastructure;
using CoachBot.Localization;
using System.Text.Json.Nodes;
using CoachBot.Scheduling;
using CoachBot.SupportRequests;
using CoachBot.Tests.Scheduling;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.SupportRequests;

/// <summary>The ladder through its durable timers, on a fake clock: business hours are 09:00–18:00 Paris, Monday to Friday.</summary>
public sealed class EscalationLadderTests
{
    // Friday 27 November 2026 10:00 Paris. 16 business hours: Friday 10–18 (8 h), Monday 9–17 (8 h).
    private static readonly DateTimeOffset AckDue = new(2026, 11, 30, 16, 0, 0, TimeSpan.Zero);
    // Then 8 business hours for the director: Monday 17–18 (1 h), Tuesday 9–16 (7 h).
    private static readonly DateTimeOffset DirectorDue = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task NobodyAcknowledgesOverTheWeekendSoTheDirectorThenTheSponsorGetTheCardWhenTheirBusinessHoursRunOut()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        var timers = bed.Bot.Service<DurableTimers>();
        var firing = bed.Bot.Service<TimerFiring>();

        Assert.Equal(AckDue, (await timers.GetAsync(EscalationLadder.AckTimer, reference, CancellationToken.None))!.DueAt);
        bed.Clock.SetUtcNow(AckDue.AddMinutes(-1));
        Assert.Equal(0, await firing.FireDueAsync(CancellationToken.None));
        Assert.Empty(bed.CardsAbout(Claire, reference));

        bed.Clock.SetUtcNow(AckDue);
        Assert.Equal(1, await firing.FireDueAsync(CancellationToken.None));
        var directorCard = Assert.Single(bed.CardsAbout(Claire, reference));
        Assert.Contains(new Texts().Format("fr", "request_banner_director", "Pumps & Valves"), CardText.Joined(directorCard)); // Claire's Teams is French
        Assert.Contains(CardText.Elements(directorCard), e => e["verb"]?.GetValue<string>() == "request.escalate");
        var escalated = await bed.GetAsync(reference);
        Assert.Equal((EscalationLevel.Director, RequestAction.EscalatedToDirector, (string?)null),
            (escalated.Escalation, escalated.Trail[^1].Action, escalated.Trail[^1].ActorMemberId));
        Assert.Contains(bed.Received(Amina), a => CardText.Joined(a.Card ?? a.Activity).Contains(new Texts().Format("fr", "request_told_director", reference, "Pumps & Valves")));
        Assert.Equal(DirectorDue, (await timers.GetAsync(EscalationLadder.DirectorTimer, reference, CancellationToken.None))!.DueAt);

        bed.Clock.SetUtcNow(DirectorDue.AddMinutes(-1));
        Assert.Equal(0, await firing.FireDueAsync(CancellationToken.None));
        bed.Clock.SetUtcNow(DirectorDue);
        Assert.Equal(1, await firing.FireDueAsync(CancellationToken.None));

        var sponsorCard = Assert.Single(bed.CardsAbout(Marc, reference));
        Assert.Contains(CardText.Elements(sponsorCard), e => e["verb"]?.GetValue<string>() == "request.nudge");
        Assert.DoesNotContain(CardText.Elements(sponsorCard), e => e["verb"]?.GetValue<string>() == "request.escalate");
        Assert.Empty(bed.CardsAbout(Mei, reference));
        Assert.Equal(EscalationLevel.Sponsor, (await bed.GetAsync(reference)).Escalation);
    }

    [Fact]
    public async Task ARequestOpenedOnSaturdayNightStartsCountingOnMondayMorning()
    {
        await using var bed = await StartSupportRequestsAsync(new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero));
        await bed.InstallEveryoneAsync();

        var reference = await bed.OpenAsync();

        // Monday 9–18 (9 h) and Tuesday 9–16 (7 h) Paris: Tuesday 1 December 16:00 Paris, 15:00 UTC.
        var due = (await bed.Bot.Service<DurableTimers>().GetAsync(EscalationLadder.AckTimer, reference, CancellationToken.None))!.DueAt;
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public async Task AcknowledgingStopsTheLadderUntilTheCommitmentDatePassesWithoutDelivery()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        var timers = bed.Bot.Service<DurableTimers>();
        var firing = bed.Bot.Service<TimerFiring>();

        await bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-02" });
        Assert.Null(await timers.GetAsync(EscalationLadder.AckTimer, reference, CancellationToken.None));
        bed.Clock.SetUtcNow(AckDue.AddHours(1));
        Assert.Equal(0, await firing.FireDueAsync(CancellationToken.None));
        Assert.Empty(bed.CardsAbout(Claire, reference));

        // The end of 2 December in Paris: 23:00 UTC.
        var passed = new DateTimeOffset(2026, 12, 2, 23, 0, 0, TimeSpan.Zero);
        Assert.Equal(passed, (await timers.GetAsync(EscalationLadder.CommitmentTimer, reference, CancellationToken.None))!.DueAt);
        bed.Clock.SetUtcNow(passed);
        Assert.Equal(1, await firing.FireDueAsync(CancellationToken.None));

        var card = Assert.Single(bed.CardsAbout(Claire, reference));
        Assert.Contains("s’était engagée sur une date passée sans livraison", CardText.Joined(card));
        Assert.Equal((RequestState.Acknowledged, EscalationLevel.Director), ((await bed.GetAsync(reference)).State, (await bed.GetAsync(reference)).Escalation));
    }

    [Fact]
    public async Task DeliveringBeforeTheCommitmentDateLeavesNoTimerBehind()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        var timers = bed.Bot.Service<DurableTimers>();
        var firing = bed.Bot.Service<TimerFiring>();

        await bed.ActAsync(Hugo, "request.acknowledge", reference, new JsonObject { ["commitmentDate"] = "2026-12-02" });
        await bed.ActAsync(Hugo, "request.deliver", reference);

        foreach (var kind in (string[])[EscalationLadder.AckTimer, EscalationLadder.DirectorTimer, EscalationLadder.CommitmentTimer])
        {
            Assert.Null(await timers.GetAsync(kind, reference, CancellationToken.None));
        }
        bed.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(0, await firing.FireDueAsync(CancellationToken.None));
        Assert.Empty(bed.CardsAbout(Claire, reference));
    }

    [Fact]
    public async Task TheDirectorNudgesTheLeadsWhoGetAReminderAndTheDirectorsTimeStartsAgain()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        bed.Clock.SetUtcNow(AckDue);
        await bed.Ladder.EscalateToDirectorAsync(reference, CancellationToken.None);
        bed.Clock.SetUtcNow(AckDue.AddHours(1)); // Monday 18:00 Paris, the end of the day.

        var card = await bed.ActAsync(Claire, "request.nudge", reference);

        Assert.Contains(Text("fr", "request_nudge"), CardText.Joined(card));
        foreach (var lead in new[] { Hugo, Karim })
        {
            // Each lead in their Teams language: Hugo's is English, Karim's French.
            var reminder = lead == Hugo ? $"Reminder from Claire Fontaine: request {reference} from Amina Haddad" : new Texts().Format("fr", "request_nudge_answer", "Claire Fontaine", reference, "Amina Haddad", "", "", "").Split(" (")[0];
            Assert.Contains(bed.Received(lead), a => CardText.Joined(a.Card ?? a.Activity).Contains(reminder));
        }
        Assert.DoesNotContain(bed.Received(Sofia), a => CardText.Joined(a.Card ?? a.Activity).Contains(reference));
        // 8 business hours from Monday 18:00 Paris: Tuesday 17:00 Paris.
        var due = (await bed.Bot.Service<DurableTimers>().GetAsync(EscalationLadder.DirectorTimer, reference, CancellationToken.None))!.DueAt;
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.Zero), due);
    }

    [Fact]
    public async Task TheDirectorTakesItUpToTheSponsorOfTheRepsRegionAndTheDirectorsTimerStops()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        await bed.Ladder.EscalateToDirectorAsync(reference, CancellationToken.None);

        await bed.ActAsync(Claire, "request.escalate", reference);

        Assert.Single(bed.CardsAbout(Marc, reference));
        Assert.Contains("Claire Fontaine brought this request to you", CardText.Joined(bed.CardsAbout(Marc, reference)[0]));
        Assert.Null(await bed.Bot.Service<DurableTimers>().GetAsync(EscalationLadder.DirectorTimer, reference, CancellationToken.None));
        var request = await bed.GetAsync(reference);
        Assert.Equal((EscalationLevel.Sponsor, bed.Member(Claire).Id), (request.Escalation, request.Trail[^1].ActorMemberId));
    }

    [Fact]
    public async Task ALadderStepCalledTwiceOrAfterAnAcknowledgementDoesNothingMore()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var first = await bed.OpenAsync();
        var second = await bed.OpenAsync();
        await bed.ActAsync(Hugo, "request.acknowledge", second, new JsonObject { ["commitmentDate"] = "2026-12-20" });

        var steps = await Task.WhenAll(
            bed.Ladder.EscalateToDirectorAsync(first, CancellationToken.None),
            bed.Ladder.EscalateToDirectorAsync(first, CancellationToken.None));
        var afterAck = await bed.Ladder.EscalateToDirectorAsync(second, CancellationToken.None);
        var toSponsorTooEarly = await bed.Ladder.EscalateToSponsorAsync(second, CancellationToken.None);

        Assert.Single(steps, s => s is not null);
        Assert.Null(afterAck);
        Assert.Null(toSponsorTooEarly);
        Assert.Single(bed.CardsAbout(Claire, first));
        Assert.Empty(bed.CardsAbout(Claire, second));
        Assert.Single((await bed.GetAsync(first)).Trail, t => t.Action == RequestAction.EscalatedToDirector);
    }

    [Fact]
    public async Task ARestartLosesNoTimerAndTwoInstancesFiringTogetherEscalateOnce()
    {
        await using var connector = await Infrastructure.LoopbackConnector.StartAsync();
        var bed = await StartSupportRequestsAsync(connector: connector);
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        var prefix = bed.Bot.TablePrefix;
        await bed.DisposeAsync();

        await using var one = await StartSupportRequestsAsync(AckDue, tablePrefix: prefix, connector: connector);
        await using var two = await StartSupportRequestsAsync(AckDue, tablePrefix: prefix, connector: connector);
        Assert.NotNull(await one.Bot.Service<DurableTimers>().GetAsync(EscalationLadder.AckTimer, reference, CancellationToken.None));

        var fired = await Task.WhenAll(
            one.Bot.Service<TimerFiring>().FireDueAsync(CancellationToken.None),
            two.Bot.Service<TimerFiring>().FireDueAsync(CancellationToken.None));
        var again = await one.Bot.Service<TimerFiring>().FireDueAsync(CancellationToken.None);

        Assert.Equal(1, fired.Sum());
        Assert.Equal(0, again);
        Assert.Single(one.CardsAbout(Claire, reference));
        Assert.Single((await one.GetAsync(reference)).Trail, t => t.Action == RequestAction.EscalatedToDirector);
        Assert.NotNull(await two.Bot.Service<DurableTimers>().GetAsync(EscalationLadder.DirectorTimer, reference, CancellationToken.None));
    }
}
