using CoachBot.Reach;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Reach;

/// <summary>Reach per person from the conversation references and the installation outcomes, and the director's <c>reach</c> command.</summary>
public sealed class ReachStatusTests
{
    [Fact]
    public async Task EachPersonIsReachableNeverInstalledRemovedOrFailedToInstall()
    {
        await using var bed = await ReachTestBed.StartAsync();
        await bed.Bed.InstallAsync(TestRoster.Rep, TestRoster.EnglishRep, TestRoster.EmailOnlyRep);
        (await bed.Bot.Http.PostAsync(TeamsActivities.InstallationRemove(TestRoster.EnglishRep, bed.Bed.Connector.ServiceUrl))).EnsureSuccessStatusCode();
        bed.Graph.Answer(TestRoster.Lead.AadObjectId!, GraphAnswer.Forbidden);
        bed.Graph.Answer(TestRoster.Sponsor.AadObjectId!, GraphAnswer.Created);

        Assert.Equal(ReachState.Reachable, (await bed.StatusAsync(TestRoster.Rep)).State);
        Assert.Equal(ReachState.Removed, (await bed.StatusAsync(TestRoster.EnglishRep)).State);
        // Known by e-mail only: found through the roster id her conversation was stored with.
        Assert.Equal(ReachState.Reachable, (await bed.StatusAsync(TestRoster.EmailOnlyRep)).State);
        Assert.Equal(ReachState.NeverInstalled, (await bed.StatusAsync(TestRoster.Lead)).State);

        await bed.RunInstallerAsync();

        Assert.Equal(ReachState.InstallFailed, (await bed.StatusAsync(TestRoster.Lead)).State);
        var list = await bed.Directory.ListAsync(CancellationToken.None);
        Assert.Equal(
            ["Claire Fontaine:NeverInstalled", "Marc Delorme:NeverInstalled", "Hugo Bernard:InstallFailed", "Amina Haddad:Reachable", "Wei Lin:Removed",
             "Priya Nair:Reachable", "Nadia Amrani:NeverInstalled", "Omar Sy:NeverInstalled"],
            list.Select(r => $"{r.Member.Name}:{r.State}"));
    }

    [Fact]
    public async Task AFailedAttemptOlderThanTheRemovalShowsTheRemoval()
    {
        await using var bed = await ReachTestBed.StartAsync();
        bed.Graph.Answer(TestRoster.EnglishRep.AadObjectId!, GraphAnswer.Forbidden);
        await bed.RunInstallerAsync();
        Assert.Equal(ReachState.InstallFailed, (await bed.StatusAsync(TestRoster.EnglishRep)).State);

        bed.Bed.Clock.Advance(TimeSpan.FromHours(2));
        await bed.Bed.InstallAsync(TestRoster.EnglishRep);
        Assert.Equal(ReachState.Reachable, (await bed.StatusAsync(TestRoster.EnglishRep)).State);
        bed.Bed.Clock.Advance(TimeSpan.FromHours(2));
        (await bed.Bot.Http.PostAsync(TeamsActivities.InstallationRemove(TestRoster.EnglishRep, bed.Bed.Connector.ServiceUrl))).EnsureSuccessStatusCode();

        Assert.Equal(ReachState.Removed, (await bed.StatusAsync(TestRoster.EnglishRep)).State);
    }

    [Fact]
    public async Task TheDirectorsReachCardSaysWhoCannotBeReachedAndWhyInEnglish()
    {
        await using var bed = await ReachTestBed.StartAsync();
        await bed.Bed.InstallAsync(TestRoster.Director, TestRoster.Rep, TestRoster.EnglishRep);
        (await bed.Bot.Http.PostAsync(TeamsActivities.InstallationRemove(TestRoster.EnglishRep, bed.Bed.Connector.ServiceUrl))).EnsureSuccessStatusCode();
        bed.Graph.Answer(TestRoster.Lead.AadObjectId!, GraphAnswer.Forbidden);
        bed.Graph.Answer(BotTestBed.Nadia.AadObjectId!, GraphAnswer.Conflict);
        await bed.RunInstallerAsync();
        await bed.Bed.SayAsync(TestRoster.Director, "language en");

        var reply = await bed.Bed.SayAsync(TestRoster.Director, "reach");

        var text = CardText.Joined(reply.Card);
        Assert.Contains("Who CoachBot can reach", text);
        Assert.Contains("2 of the 8 people on the roster can be reached.", text);
        Assert.Contains("6 people cannot be reached:", text);
        Assert.Contains("- Hugo Bernard: installation failed, refused by an app permission policy or a missing Graph permission (Forbidden); tried on 27 November 2026, next try on 4 December 2026", text);
        Assert.Contains("- Wei Lin: removed CoachBot", text);
        Assert.Contains("- Priya Nair: installation failed, nobody in the organisation's directory has this e-mail", text);
        Assert.Contains("- Marc Delorme: installation requested on 27 November 2026, waiting for Teams to confirm", text);
        Assert.Contains("- Nadia Amrani: Teams says CoachBot is installed (checked on 27 November 2026) but has not told the bot yet", text);
        Assert.DoesNotContain("Amina Haddad", text);
        Assert.Contains("every day at 07:30", text);
        Assert.DoesNotContain("The team in Teams", text);
    }

    [Fact]
    public async Task TheReachCardInFrenchHasItsOwnSingularAndZeroForms()
    {
        await using var bed = await ReachTestBed.StartAsync(installs: false);
        await bed.Bed.InstallAsync(TestRoster.Director, TestRoster.Sponsor, TestRoster.Lead, TestRoster.Rep, TestRoster.EnglishRep, BotTestBed.Nadia, BotTestBed.Omar);

        var one = CardText.Joined((await bed.Bed.SayAsync(TestRoster.Director, "joignabilité")).Card);

        Assert.Contains("Qui CoachBot peut joindre", one);
        Assert.Contains("7 personnes de l’effectif sur 8 peuvent être jointes.", one);
        Assert.Contains("1 personne ne peut pas être jointe\u00a0:", one);
        Assert.Contains("- Priya Nair\u00a0: n’a jamais installé CoachBot", one);
        Assert.Contains("Reach:TeamsAppId n’est pas défini", one);

        await bed.Bed.InstallAsync(TestRoster.EmailOnlyRep);
        var none = CardText.Joined((await bed.Bed.SayAsync(TestRoster.Director, "joignabilité")).Card);
        Assert.Contains("Tout le monde dans l’effectif peut être joint.", none);
        Assert.DoesNotContain("Priya Nair", none);
    }

    [Fact]
    public async Task OnlyTheDirectorHasTheReachCommand()
    {
        await using var bed = await ReachTestBed.StartAsync();
        await bed.Bed.InstallAsync(TestRoster.EnglishRep, TestRoster.Director);

        var reply = await bed.Bed.SayAsync(TestRoster.EnglishRep, "reach");
        Assert.Null(reply.Card);
        Assert.StartsWith("\"reach\" is for the export sales director", reply.Text);

        var help = CardText.Joined((await bed.Bed.SayAsync(TestRoster.Director, "aide")).Card);
        Assert.Contains("joignabilité", help);
    }
}
