using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;
using CoachBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Schema;

namespace CoachBot.Tests.Teams.Delivery;

/// <summary>
/// The bot (real service, Azurite, loopback connector) with short delivery timings, and recipients whose conversation
/// references point at the connector. Fault injection goes through the connector, per conversation.
/// </summary>
internal sealed class DeliveryTestBed : IAsyncDisposable
{
    public static readonly Dictionary<string, string?> FastSettings = new()
    {
        ["Delivery:RetryBaseDelay"] = "00:00:00.050",
        ["Delivery:MaxRetryDelay"] = "00:00:02",
        ["Delivery:SendTimeout"] = "00:00:02",
        ["Delivery:MaxRetries"] = "3",
        ["Delivery:ClaimTimeout"] = "00:00:30",
    };

    private DeliveryTestBed(BotApp bot, IReadOnlyList<TeamsUserAccount> users)
    {
        Bot = bot;
        Users = users;
    }

    public BotApp Bot { get; }
    public IReadOnlyList<TeamsUserAccount> Users { get; }
    public LoopbackConnector Connector => Bot.Connector;
    public DeliveryEngine Engine => Bot.Service<DeliveryEngine>();

    public static async Task<DeliveryTestBed> StartAsync(int recipients, IDictionary<string, string?>? settings = null, string? tablePrefix = null, LoopbackConnector? connector = null,
        StorageFaults? storageFaults = null)
    {
        var all = new Dictionary<string, string?>(FastSettings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var bot = await BotApp.StartAsync(all, tablePrefix, connector: connector, services: storageFaults is null ? null : storageFaults.AddTo);
        var users = Enumerable.Range(0, recipients)
            .Select(i => new TeamsUserAccount($"Recipient {i}", Guid.NewGuid().ToString("D")))
            .ToList();
        var references = bot.Service<ConversationReferenceStore>();
        foreach (var user in users)
        {
            await references.RememberAsync(user.AadObjectId!, user.AadObjectId!, ReferenceFor(user, bot.Connector.ServiceUrl), isInstallation: true, CancellationToken.None);
        }
        return new DeliveryTestBed(bot, users);
    }

    /// <summary>A second instance of the bot on the same tables, connector and recipients.</summary>
    public async Task<DeliveryTestBed> SecondInstanceAsync() =>
        new(await BotApp.StartAsync(new Dictionary<string, string?>(FastSettings), Bot.TablePrefix, connector: Connector), Users);

    public static ConversationReference ReferenceFor(TeamsUserAccount user, Uri serviceUrl) => new()
    {
        ChannelId = "msteams",
        ServiceUrl = serviceUrl.ToString(),
        Bot = new ChannelAccount(TeamsActivities.BotId, "CoachBot"),
        User = new ChannelAccount(user.UserId, user.Name, aadObjectId: user.AadObjectId),
        Conversation = new ConversationAccount(conversationType: "personal", id: user.ConversationId, tenantId: TeamsActivities.TenantId),
    };

    public Campaign Campaign(string id) => new(id, Users
        .Select(u => Recipient.WithCard(u.AadObjectId!, () => new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["version"] = "1.5",
            ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = $"Check-in for {u.Name}" }),
        }))
        .ToList());

    public static string ConversationOf(HttpRequest request) => Uri.UnescapeDataString(request.RouteValues["conversationId"]?.ToString() ?? "");

    public Task<DeliveryRecord?> RecordAsync(string campaignId, TeamsUserAccount user) =>
        Bot.Service<DeliveryLedger>().GetAsync(campaignId, user.AadObjectId!, CancellationToken.None);

    public ValueTask DisposeAsync() => Bot.DisposeAsync();
}

/// <summary>Collects one instrument's measurements from the delivery meter, with their tags.</summary>
internal sealed class DeliveryMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();

    public DeliveryMeasurements(string instrument)
    {
        _listener.InstrumentPublished = (i, listener) =>
        {
            if (i.Meter.Name == DeliveryMetrics.MeterName && i.Name == instrument)
            {
                listener.EnableMeasurementEvents(i);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Add(value, tags));
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Add(value, tags));
        _listener.Start();
    }

    public List<(double Value, Dictionary<string, string?> Tags)> Values { get; } = [];

    private void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }
        lock (Values)
        {
            Values.Add((value, copy));
        }
    }

    public void Dispose() => _listener.Dispose();
}
