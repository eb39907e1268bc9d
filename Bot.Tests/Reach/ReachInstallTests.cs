using System.Text.Json.Nodes;
using CoachBot.Reach;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Reach;

/// <summary>The <c>reach-install</c> run through the real Microsoft Graph SDK against a local Graph.</summary>
public sealed class ReachInstallTests
{
    private static readonly TeamsUserAccount[] WithObjectIds =
        [TestRoster.Director, TestRoster.Sponsor, TestRoster.Lead, TestRoster.Rep, TestRoster.EnglishRep, BotTestBed.Nadia, BotTestBed.Omar];

    [Fact]
    public async Task InstallsTheAppForEveryoneItCannotReachAndNeverForThoseWhoHaveIt()
    {
        await using var bed = await ReachTestBed.StartAsync();
        await bed.Bed.InstallAsync(TestRoster.Director, TestRoster.Rep);

        var summary = await bed.RunInstallerAsync();

        Assert.Empty(bed.Graph.InstallsFor(TestRoster.Director.AadObjectId!));
        Assert.Empty(bed.Graph.InstallsFor(TestRoster.Rep.AadObjectId!));
        foreach (var user in WithObjectIds.Except([TestRoster.Director, TestRoster.Rep]))
        {
            var install = Assert.Single(bed.Graph.InstallsFor(user.AadObjectId!));
            Assert.Equal($"{bed.Graph.BaseUrl}/appCatalogs/teamsApps/{ReachTestBed.CatalogAppId}", install.Body?["teamsApp@odata.bind"]?.GetValue<string>());
            // Development without an app identity: no token, as Development accepts unsigned requests.
            Assert.Equal("", install.Authorization);
            var status = await bed.StatusAsync(user);
            Assert.Equal(ReachState.NeverInstalled, status.State);
            Assert.Equal(InstallOutcome.Installed, status.LastAttempt?.Outcome);
        }
        Assert.Equal(6, summary.Unreachable);
        Assert.Equal(6, summary.Attempted);
    }

    [Fact]
    public async Task AMemberKnownByEmailOnlyIsLookedUpByEmailFirst()
    {
        await using var bed = await ReachTestBed.StartAsync();
        const string priyaObjectId = "22222222-0000-0000-0000-000000000006";
        bed.Graph.UsersByEmail[TestRoster.EmailOnlyRepEmail] = priyaObjectId;

        await bed.RunInstallerAsync();

        var lookup = Assert.Single(bed.Graph.Lookups);
        Assert.Contains("priya.nair@coachbot.example", Uri.UnescapeDataString(lookup.Query), StringComparison.OrdinalIgnoreCase);
        var install = Assert.Single(bed.Graph.InstallsFor(priyaObjectId));
        Assert.True(install.At >= lookup.At);
        var status = await bed.StatusAsync(TestRoster.EmailOnlyRep);
        Assert.Equal(InstallOutcome.Installed, status.LastAttempt?.Outcome);
        Assert.Equal(priyaObjectId, status.LastAttempt?.ObjectId);
    }

    [Fact]
    public async Task AnEmailNobodyHasIsRecordedAsNoSuchUserWithoutAnInstall()
    {
        await using var bed = await ReachTestBed.StartAsync();

        await bed.RunInstallerAsync();

        Assert.Single(bed.Graph.Lookups);
        Assert.Equal(WithObjectIds.Length, bed.Graph.Installs.Count);
        var status = await bed.StatusAsync(TestRoster.EmailOnlyRep);
        Assert.Equal(ReachState.InstallFailed, status.State);
        Assert.Equal(InstallOutcome.NoSuchUser, status.LastAttempt?.Outcome);
        Assert.Equal(ReachInstallRun.NoUserWithThisEmail, status.LastAttempt?.Detail);
    }

    [Fact]
    public async Task ALookUpGraphRefusesIsRecordedAsARefusalAndTheRunGoesOn()
    {
        await using var bed = await ReachTestBed.StartAsync();
        bed.Graph.LookupAnswer = new GraphAnswer(403, "Authorization_RequestDenied");

        await bed.RunInstallerAsync();

        var status = await bed.StatusAsync(TestRoster.EmailOnlyRep);
        Assert.Equal((ReachState.InstallFailed, InstallOutcome.RefusedByPolicy), (status.State, status.LastAttempt?.Outcome));
        Assert.Equal(ReachInstallRun.LookupRefused + " Authorization_RequestDenied", status.LastAttempt?.Detail);
        Assert.Equal(WithObjectIds.Length, bed.Graph.Installs.Count);
        Assert.Contains("Graph refused to look this person up by e-mail", bed.Bot.Service<ReachCards>().Line(status, "en"));
    }

    [Fact]
    public async Task ConflictRefusalAndUnknownUserAreRecordedAsGraphAnswered()
    {
        await using var bed = await ReachTestBed.StartAsync();
        bed.Graph.Answer(TestRoster.Sponsor.AadObjectId!, GraphAnswer.Conflict);
        bed.Graph.Answer(TestRoster.Lead.AadObjectId!, GraphAnswer.Forbidden);
        bed.Graph.Answer(TestRoster.EnglishRep.AadObjectId!, GraphAnswer.NotFound);
        bed.Graph.Answer(BotTestBed.Nadia.AadObjectId!, new GraphAnswer(400, "BadRequest"));

        await bed.RunInstallerAsync();

        var sponsor = await bed.StatusAsync(TestRoster.Sponsor);
        Assert.Equal((ReachState.NeverInstalled, InstallOutcome.AlreadyInstalled), (sponsor.State, sponsor.LastAttempt?.Outcome));
        var lead = await bed.StatusAsync(TestRoster.Lead);
        Assert.Equal((ReachState.InstallFailed, InstallOutcome.RefusedByPolicy, "Forbidden"), (lead.State, lead.LastAttempt?.Outcome, lead.LastAttempt?.Detail));
        var wei = await bed.StatusAsync(TestRoster.EnglishRep);
        Assert.Equal((ReachState.InstallFailed, InstallOutcome.NoSuchUser), (wei.State, wei.LastAttempt?.Outcome));
        var nadia = await bed.StatusAsync(BotTestBed.Nadia);
        Assert.Equal((ReachState.InstallFailed, InstallOutcome.Failed, "400 BadRequest"), (nadia.State, nadia.LastAttempt?.Outcome, nadia.LastAttempt?.Detail));
        // One request each: 4xx answers are not retried by the SDK.
        Assert.Single(bed.Graph.InstallsFor(TestRoster.Lead.AadObjectId!));
    }

    [Fact]
    public async Task ARefusalByPolicyIsRetriedWeeklyWhileOtherFailuresAreRetriedDaily()
    {
        await using var bed = await ReachTestBed.StartAsync();
        bed.Graph.Answer(TestRoster.Lead.AadObjectId!, GraphAnswer.Forbidden);
        bed.Graph.Answer(BotTestBed.Nadia.AadObjectId!, new GraphAnswer(400, "BadRequest"));
        await bed.RunInstallerAsync();

        bed.Bed.Clock.Advance(TimeSpan.FromDays(1));
        await bed.RunInstallerAsync();

        Assert.Single(bed.Graph.InstallsFor(TestRoster.Lead.AadObjectId!));
        Assert.Equal(2, bed.Graph.InstallsFor(BotTestBed.Nadia.AadObjectId!).Count);
        // Installed yesterday but Teams never confirmed: asked again the next day (and Graph says it is there).
        Assert.Equal(2, bed.Graph.InstallsFor(TestRoster.Sponsor.AadObjectId!).Count);

        bed.Bed.Clock.Advance(TimeSpan.FromDays(6));
        await bed.RunInstallerAsync();

        Assert.Equal(2, bed.Graph.InstallsFor(TestRoster.Lead.AadObjectId!).Count);
    }

    [Fact]
    public async Task ThrottlingIsHonouredByWaitingTheRetryAfterGraphAsksFor()
    {
        await using var bed = await ReachTestBed.StartAsync();
        bed.Graph.Answer(TestRoster.Sponsor.AadObjectId!, GraphAnswer.Throttled(2), GraphAnswer.Created);

        await bed.RunInstallerAsync();

        var requests = bed.Graph.InstallsFor(TestRoster.Sponsor.AadObjectId!);
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(1.9), $"retried after {(requests[1].At - requests[0].At).TotalSeconds:0.00} s");
        Assert.Equal(InstallOutcome.Installed, (await bed.StatusAsync(TestRoster.Sponsor)).LastAttempt?.Outcome);
    }

    [Fact]
    public async Task ThrottlingThatDoesNotEndStopsTheRunAndLeavesTheRestForTheNextOne()
    {
        await using var bed = await ReachTestBed.StartAsync();
        // The roster's first member (the director comes before the sponsor, the lead and the reps).
        bed.Graph.Answer(TestRoster.Director.AadObjectId!, GraphAnswer.Throttled(1));

        var summary = await bed.RunInstallerAsync();

        Assert.True(summary.Throttled);
        // The SDK's own retries, each after the Retry-After, then the run gives up.
        Assert.True(bed.Graph.InstallsFor(TestRoster.Director.AadObjectId!).Count > 1);
        Assert.Empty(bed.Graph.InstallsFor(TestRoster.Sponsor.AadObjectId!));
        Assert.Null((await bed.StatusAsync(TestRoster.Director)).LastAttempt);

        bed.Graph.Answer(TestRoster.Director.AadObjectId!, GraphAnswer.Created);
        await bed.RunInstallerAsync();
        Assert.Single(bed.Graph.InstallsFor(TestRoster.Sponsor.AadObjectId!));
    }

    [Fact]
    public async Task WithoutACatalogAppIdNothingIsInstalledAndReachIsStillKnown()
    {
        await using var bed = await ReachTestBed.StartAsync(installs: false);

        var summary = await bed.RunInstallerAsync();

        Assert.Empty(bed.Graph.Requests);
        Assert.Equal(0, summary.Attempted);
        Assert.Equal(ReachState.NeverInstalled, (await bed.StatusAsync(TestRoster.Lead)).State);
    }

    [Fact]
    public async Task AnInstallThroughGraphBringsTheInstallationEventTheWelcomeAndReach()
    {
        await using var bed = await ReachTestBed.StartAsync();
        var connector = bed.Bed.Connector;
        // As Teams does after Graph installs the app: the installation event reaches the bot.
        bed.Graph.UsersByEmail[TestRoster.EmailOnlyRepEmail] = TestRoster.EmailOnlyRep.AadObjectId!;
        bed.Graph.OnInstalled = async objectId =>
        {
            if (objectId == TestRoster.EmailOnlyRep.AadObjectId)
            {
                // Known by e-mail only: the bot matches her through the e-mail Teams reports, as for any install.
                await bed.Bed.InstallAsync(TestRoster.EmailOnlyRep);
            }
            else if (WithObjectIds.FirstOrDefault(u => u.AadObjectId == objectId) is { } user)
            {
                (await bed.Bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, connector.ServiceUrl))).EnsureSuccessStatusCode();
            }
        };

        await bed.RunInstallerAsync();

        var welcome = await connector.WaitForAsync(a => a.ConversationId == TestRoster.EnglishRep.ConversationId && a.Card is not null);
        Assert.Contains(BotTestBed.Text("en", "welcome_title", "Wei Lin"), CardText.Joined(welcome.Card));
        Assert.Equal(ReachState.Reachable, (await bed.StatusAsync(TestRoster.EnglishRep)).State);
        var priya = await connector.WaitForAsync(a => a.ConversationId == TestRoster.EmailOnlyRep.ConversationId && a.Card is not null);
        Assert.Contains(BotTestBed.Text("en", "welcome_title", "Priya Nair"), CardText.Joined(priya.Card));
        Assert.Equal(ReachState.Reachable, (await bed.StatusAsync(TestRoster.EmailOnlyRep)).State);

        // The next day nobody who now has the app is asked for again.
        bed.Bed.Clock.Advance(TimeSpan.FromDays(1));
        var before = bed.Graph.Installs.Count;
        await bed.RunInstallerAsync();
        Assert.Equal(before, bed.Graph.Installs.Count);
    }
}
