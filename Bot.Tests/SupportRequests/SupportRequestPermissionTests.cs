using System.Text.Json.Nodes;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.SupportRequests;

public sealed class SupportRequestPermissionTests
{
    private static JsonObject Inputs() => new()
    {
        ["commitmentDate"] = "2026-12-10",
        ["objection"] = "Capacity",
        ["declineReason"] = "Full",
        ["closeReason"] = "No longer needed",
        ["comment"] = "A comment",
        // Forged identity in the card data changes nothing: identity comes from the activity.
        ["actor"] = Hugo.AadObjectId,
        ["aadObjectId"] = Claire.AadObjectId,
        ["role"] = "Director",
    };

    /// <summary>
    /// Who must not do what on an open request of Amina's (mea) to "pumps", not yet escalated, and the reason they are
    /// given; someone with no part in it (another rep, another BU's lead, another region's sponsor) is told it is not found.
    /// </summary>
    public static TheoryData<string, string, string> ForgedOnAnOpenRequest => new()
    {
        { nameof(Amina), "request.acknowledge", "Seuls les responsables de Pumps & Valves" },
        { nameof(Amina), "request.decline", "Seuls les responsables de Pumps & Valves" },
        { nameof(Amina), "request.deliver", "Seuls les responsables de Pumps & Valves" },
        { nameof(Amina), "request.escalate", "Seule la direction commerciale export" },
        { nameof(Amina), "request.nudge", "Seule la direction commerciale export, ou le sponsor de Middle East & Africa" },
        { nameof(Amina), "request.close", "Seule la direction commerciale export, ou le sponsor de Middle East & Africa" },
        { nameof(Wei), "request.comment", "I found no request" },
        { nameof(Wei), "request.withdraw", "I found no request" },
        { nameof(Wei), "request.acknowledge", "I found no request" },
        { nameof(Sofia), "request.acknowledge", "I found no request" },
        { nameof(Sofia), "request.decline", "I found no request" },
        { nameof(Sofia), "request.deliver", "I found no request" },
        { nameof(Claire), "request.acknowledge", "Seuls les responsables de Pumps & Valves" },
        { nameof(Claire), "request.decline", "Seuls les responsables de Pumps & Valves" },
        { nameof(Claire), "request.comment", "Seul le commercial qui a ouvert cette demande" },
        { nameof(Claire), "request.withdraw", "Seul le commercial qui a ouvert cette demande" },
        { nameof(Marc), "request.nudge", "has not been taken up to you yet" },
        { nameof(Marc), "request.close", "has not been taken up to you yet" },
        { nameof(Marc), "request.escalate", "Only the export sales director can take a request up" },
        { nameof(Marc), "request.acknowledge", "Only the leads of Pumps & Valves" },
        { nameof(Mei), "request.nudge", "I found no request" },
        { nameof(Mei), "request.close", "I found no request" },
        { nameof(Hugo), "request.escalate", "Only the export sales director can take a request up" },
        { nameof(Hugo), "request.nudge", "Only the export sales director, or the sponsor" },
        { nameof(Hugo), "request.close", "Only the export sales director, or the sponsor" },
        { nameof(Hugo), "request.comment", "Only the rep who opened this request" },
        { nameof(Hugo), "request.withdraw", "Only the rep who opened this request" },
    };

    [Fact]
    public async Task EveryForgedActionByEveryWrongRoleIsRefusedWithAClearMessageAndChangesNothing()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        var before = await bed.GetAsync(reference);
        var sentBefore = bed.Connector.Activities.Count;

        var failures = new List<string>();
        foreach (var row in ForgedOnAnOpenRequest)
        {
            var (who, verb, reason) = ((string)row[0], (string)row[1], (string)row[2]);
            var card = await bed.ActAsync(User(who), verb, reference, Inputs());
            if (!CardText.Joined(card).Contains(reason, StringComparison.Ordinal))
            {
                failures.Add($"{who} {verb}: {CardText.Joined(card)}");
            }
        }

        Assert.Empty(failures);
        var after = await bed.GetAsync(reference);
        Assert.Equal((before.State, before.Escalation, before.Trail.Count), (after.State, after.Escalation, after.Trail.Count));
        Assert.Equal(sentBefore, bed.Connector.Activities.Count);
    }

    [Fact]
    public async Task OnceWithTheSponsorOnlyTheSponsorOfTheRepsRegionMayActAsSponsor()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        await bed.Ladder.EscalateToDirectorAsync(reference, CancellationToken.None);
        await bed.ActAsync(Claire, "request.escalate", reference);
        var escalated = await bed.GetAsync(reference);
        Assert.Equal(EscalationLevel.Sponsor, escalated.Escalation);

        var refused = await bed.ActAsync(Mei, "request.close", reference, Inputs());
        var closed = await bed.ActAsync(Marc, "request.close", reference, Inputs());

        // Another region's sponsor has no part in it: not found, as a reference that does not exist.
        Assert.Contains(BotTestBed.Text("en", "request_not_found", reference), CardText.Joined(refused));
        Assert.Contains("Closed by Marc Delorme", CardText.Joined(closed));
        var after = await bed.GetAsync(reference);
        Assert.Equal(RequestState.Closed, after.State);
        Assert.Equal(bed.Member(Marc).Id, after.Trail[^1].ActorMemberId);
        Assert.Equal("No longer needed", after.Trail[^1].Comment);
    }

    [Fact]
    public async Task SomeoneWithNoPartInARequestLearnsNothingAboutItFromARefusal()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();

        var card = await bed.ActAsync(Sofia, "request.acknowledge", reference, Inputs());
        var noSuchCard = await bed.ActAsync(Sofia, "request.acknowledge", "REQ-2026-0999", Inputs());
        var shown = await bed.SayAsync(Wei, $"request {reference}");
        var missing = await bed.SayAsync(Wei, "request REQ-2026-0999");

        Assert.DoesNotContain("OCP", CardText.Joined(card));
        // A click on a request that is none of theirs: the answer a reference that does not exist gets, no BU named.
        Assert.DoesNotContain("Pumps", CardText.Joined(card));
        Assert.Equal(CardText.Joined(noSuchCard).Replace("REQ-2026-0999", reference, StringComparison.Ordinal), CardText.Joined(card));
        // Not yours and not there get one answer: no oracle of which references exist.
        Assert.Equal(BotTestBed.Text("en", "request_not_found", reference), shown.Text);
        Assert.Equal(missing.Text!.Replace("REQ-2026-0999", reference, StringComparison.Ordinal), shown.Text);
    }

    [Fact]
    public async Task AFinishedRequestRefusesEveryFurtherActionAndSaysWhereItStands()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync();
        await bed.ActAsync(Hugo, "request.decline", reference, Inputs());

        var acknowledge = await bed.ActAsync(Karim, "request.acknowledge", reference, Inputs());
        var withdraw = await bed.ActAsync(Amina, "request.withdraw", reference);
        var escalate = await bed.ActAsync(Claire, "request.escalate", reference);

        Assert.Contains("Cette demande est désormais refusée (dernière action de Hugo Bernard)", CardText.Joined(acknowledge));
        Assert.Contains("Rien n’a été modifié", CardText.Joined(withdraw));
        Assert.Contains("Rien n’a été modifié", CardText.Joined(escalate));
        Assert.Equal(2, (await bed.GetAsync(reference)).Trail.Count);
    }

    private static TeamsUserAccount User(string name) => name switch
    {
        nameof(Amina) => Amina,
        nameof(Wei) => Wei,
        nameof(Hugo) => Hugo,
        nameof(Karim) => Karim,
        nameof(Sofia) => Sofia,
        nameof(Claire) => Claire,
        nameof(Marc) => Marc,
        nameof(Mei) => Mei,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
