using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;
using CoachBot.Tests.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.Arrival;

/// <summary>
/// The bot (real service, Azurite, loopback connector) on a fake clock without Quartz, for the install greeting and the
/// "what waits for you" card: people install and click through the pipeline, as Teams sends it.
/// </summary>
internal sealed class ArrivalBot(BotApp bot, FakeTimeProvider clock) : IAsyncDisposable
{
    /// <summary>Friday 27 November 2026, 16:00 in Casablanca (15:00 UTC): week 48's check-in is open, a business hour for the BUs.</summary>
    public static readonly DateTimeOffset FridayAfternoon = new(2026, 11, 27, 15, 0, 0, TimeSpan.Zero);

    public BotApp Bot { get; } = bot;
    public FakeTimeProvider Clock { get; } = clock;
    public LoopbackConnector Connector => Bot.Connector;

    public static async Task<ArrivalBot> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(FridayAfternoon);
        var bot = await BotApp.StartAsync(settings, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "QuartzHostedService").ToList().ForEach(d => s.Remove(d));
        });
        return new ArrivalBot(bot, clock);
    }

    /// <summary>Installs the app for <paramref name="user"/> and returns the one card that came for it.</summary>
    public async Task<JsonObject> InstallAsync(TeamsUserAccount user)
    {
        var before = Connector.SentTo(user.ConversationId).Count;
        (await Bot.Http.PostAsync(TeamsActivities.InstallationAdd(user, Connector.ServiceUrl))).EnsureSuccessStatusCode();
        var sent = Connector.SentTo(user.ConversationId).Skip(before).ToList();
        return Assert.Single(sent).Card ?? throw new InvalidOperationException("The install brought a text, not a card.");
    }

    public async Task UninstallAsync(TeamsUserAccount user) =>
        (await Bot.Http.PostAsync(TeamsActivities.InstallationRemove(user, Connector.ServiceUrl))).EnsureSuccessStatusCode();

    /// <summary>Clicks an <c>Action.Execute</c> button and returns the invoke response (<c>type</c>, <c>value</c>).</summary>
    public async Task<JsonObject> ClickAsync(TeamsUserAccount user, JsonObject action)
    {
        var data = (JsonObject)(action["data"]?.DeepClone() ?? new JsonObject());
        var response = await Bot.Http.PostAsync(TeamsActivities.CardAction(user, Connector.ServiceUrl, action["verb"]!.GetValue<string>(), data));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Every <c>Action.Execute</c> button of a card, wherever it is (card actions, action sets).</summary>
    public static List<JsonObject> Buttons(JsonNode? node) => node switch
    {
        JsonObject obj when obj["type"]?.GetValue<string>() == "Action.Execute" => [obj],
        JsonObject obj => obj.SelectMany(p => Buttons(p.Value)).ToList(),
        JsonArray array => array.SelectMany(Buttons).ToList(),
        _ => [],
    };

    public static List<string> Texts(JsonNode card) => InstallationTests.AllTexts(card);

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}
