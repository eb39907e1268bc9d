using System.Net;
using System.Text.Json.Nodes;
using CoachBot.Teams;
using CoachBot.Tests.Infrastructure;

namespace CoachBot.Tests.Teams;

/// <summary>One bot for the malformed-activity cases: each uses a conversation of its own.</summary>
public sealed class MalformedActivityBot : IAsyncLifetime
{
    public BotApp Bot { get; private set; } = null!;

    public async Task InitializeAsync() => Bot = await BotApp.StartAsync();

    public async Task DisposeAsync() => await Bot.DisposeAsync();
}

/// <summary>
/// Activities that used to fail in a handler and end in "Sorry, something went wrong" sent to the conversation. An event
/// is ignored (200, nothing sent); a malformed message gets 400; a dialog the bot does not offer gets Teams' answer for one.
/// </summary>
public sealed class MalformedActivityTests(MalformedActivityBot fixture) : IClassFixture<MalformedActivityBot>
{
    private BotApp Bot => fixture.Bot;

    private static TeamsUserAccount Fresh(TeamsUserAccount from) => new(from.Name, from.AadObjectId, from.Locale);

    private async Task<HttpResponseMessage> PostAndCheckNothingSentAsync(TeamsUserAccount user, JsonObject activity, HttpStatusCode expected)
    {
        var response = await Bot.Http.PostAsync(activity);
        Assert.Equal(expected, response.StatusCode);
        // The turn (and any apology) would have been sent before the HTTP answer.
        Assert.Equal(0, Bot.Connector.RequestsTo(user.ConversationId));
        return response;
    }

    private JsonObject BotAddedWith(TeamsUserAccount user, string member, string property = "membersAdded")
    {
        var update = TeamsActivities.BotAdded(user, Bot.Connector.ServiceUrl);
        update.Remove("membersAdded");
        update[property] = JsonNode.Parse(member);
        return update;
    }

    [Fact]
    public async Task AConversationUpdateAddingANullMemberIsIgnored()
    {
        var user = Fresh(TestRoster.EnglishRep);
        await PostAndCheckNothingSentAsync(user, BotAddedWith(user, "[null]"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AConversationUpdateAddingAnEmptyMemberIsIgnored()
    {
        var user = Fresh(TestRoster.EnglishRep);
        await PostAndCheckNothingSentAsync(user, BotAddedWith(user, "[{}]"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AConversationUpdateAddingAMemberWithANullIdIsIgnored()
    {
        var user = Fresh(TestRoster.EnglishRep);
        await PostAndCheckNothingSentAsync(user, BotAddedWith(user, """[{"id": null}, {"id": "28:coachbot"}]"""), HttpStatusCode.OK);
    }

    [Fact]
    public async Task AConversationUpdateRemovingANullMemberIsIgnored()
    {
        var user = Fresh(TestRoster.EnglishRep);
        await PostAndCheckNothingSentAsync(user, BotAddedWith(user, "[null]", "membersRemoved"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task ChannelDataAsAStringIsIgnoredOnAnEventAndRefusedOnAMessage()
    {
        var user = Fresh(TestRoster.EnglishRep);
        var update = TeamsActivities.BotAdded(user, Bot.Connector.ServiceUrl);
        update["channelData"] = "not an object";
        var message = TeamsActivities.Message(user, Bot.Connector.ServiceUrl, "help");
        message["channelData"] = "not an object";

        await PostAndCheckNothingSentAsync(user, update, HttpStatusCode.OK);
        await PostAndCheckNothingSentAsync(user, message, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AMessageWhoseCommandIsAnObjectGets400()
    {
        var user = Fresh(TestRoster.EnglishRep);
        var message = TeamsActivities.CardSubmit(user, Bot.Connector.ServiceUrl, new JsonObject { ["command"] = new JsonObject { ["help"] = true } });

        await PostAndCheckNothingSentAsync(user, message, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AMemberKnownByEmailWhoseObjectIdIsNotAGuidIsRefusedAndNothingIsStored()
    {
        var user = new TeamsUserAccount(TestRoster.EmailOnlyRep.Name, "not-a-guid");
        Bot.Connector.Members[user.UserId] = new JsonObject
        {
            ["id"] = user.UserId, ["aadObjectId"] = "not-a-guid", ["userPrincipalName"] = TestRoster.EmailOnlyRepEmail,
        };

        await PostAndCheckNothingSentAsync(user, TeamsActivities.Message(user, Bot.Connector.ServiceUrl, "help"), HttpStatusCode.BadRequest);
        await PostAndCheckNothingSentAsync(user, TeamsActivities.InstallationAdd(user, Bot.Connector.ServiceUrl), HttpStatusCode.OK);
        var references = await Bot.TableAsync(ConversationReferenceStore.TableName);
        Assert.Empty(await references.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "not-a-guid").ToListAsync());
    }

    [Fact]
    public async Task ADialogFetchWithANullValueGetsTeamsMessageAnswerInTheUsersLanguage()
    {
        var user = Fresh(TestRoster.Rep);
        var fetch = TeamsActivities.Invoke(user, Bot.Connector.ServiceUrl, "task/fetch", []);
        fetch["value"] = null;

        var response = await PostAndCheckNothingSentAsync(user, fetch, HttpStatusCode.OK);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("message", body["task"]!["type"]!.GetValue<string>());
        Assert.StartsWith("Ce bouton n’est plus en service.", body["task"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnEventWhoseTurnFailsNeverProducesAMessage()
    {
        var user = Fresh(TestRoster.Lead);
        // Teams refuses every send: an install's welcome fails; an event is not answered with an apology either.
        Bot.Connector.Fault = r => r.Path.Value!.Contains(Uri.EscapeDataString(user.ConversationId), StringComparison.Ordinal)
            || r.Path.Value!.Contains(user.ConversationId, StringComparison.Ordinal) ? 500 : null;
        try
        {
            await Bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, Bot.Connector.ServiceUrl));
        }
        finally
        {
            Bot.Connector.Fault = null;
        }

        Assert.Equal(1, Bot.Connector.RequestsTo(user.ConversationId));
    }
}
