using System.Text.Json;
using System.Text.Json.Nodes;
using CoachBot.Roster;
using CoachBot.Storage;
using CoachBot.Teams;
using CoachBot.Teams.Delivery;

namespace CoachBot.Bench.Delivery;

/// <summary>
/// The bot's side of the benchmark, in a process of its own (so it can be killed and its memory measured): the same
/// service registration the bot makes (AddRoster, AddStorage, AddBotFramework, AddDelivery), configured from the
/// environment like the bot, running one campaign through <see cref="DeliveryEngine"/>.
/// </summary>
internal static class Worker
{
    public const string ResultPrefix = "RESULT ";

    public static async Task<int> RunAsync(string campaignId, int recipients)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("CoachBot.Teams.Delivery", LogLevel.Information);
        builder.Services.AddRoster();
        builder.Services.AddStorage();
        builder.Services.AddBotFramework();
        builder.Services.AddDelivery();
        // The activity handler AddBotFramework registers needs team membership, which the bot registers with reach (AddReach).
        builder.Services.AddSingleton<CoachBot.Reach.TeamMemberStore>();
        builder.Services.AddSingleton<TeamMembership>();
        using var host = builder.Build();
        await host.StartAsync();

        var engine = host.Services.GetRequiredService<DeliveryEngine>();
        var campaign = new Campaign(campaignId, Enumerable.Range(0, recipients)
            .Select(i => Recipient.WithCard(Seed.ObjectId(i), () => Card(i)))
            .ToList());
        var result = await engine.RunAsync(campaign, CancellationToken.None);

        Console.Out.WriteLine(ResultPrefix + JsonSerializer.Serialize(new WorkerResult(result, PeakMemory.OfSelfKb(), System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds)));
        await host.StopAsync();
        return 0;
    }

    private static JsonObject Card(int i) => new()
    {
        ["type"] = "AdaptiveCard",
        ["version"] = "1.5",
        ["body"] = new JsonArray(
            new JsonObject { ["type"] = "TextBlock", ["text"] = "Weekly check-in", ["weight"] = "Bolder" },
            new JsonObject { ["type"] = "TextBlock", ["text"] = $"Recipient {i}: how many customer visits this week?", ["wrap"] = true },
            new JsonObject { ["type"] = "Input.Number", ["id"] = "visits", ["min"] = 0 }),
        ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.Submit", ["title"] = "Send", ["data"] = new JsonObject { ["command"] = "checkin" } }),
    };
}

internal sealed record WorkerResult(CampaignResult Campaign, long PeakKb, double CpuSeconds);

/// <summary>The conversation references the benchmark's recipients have, written through the bot's own store.</summary>
internal static class Seed
{
    public static string ObjectId(int i) => $"00000000-0000-4000-8000-{i:D12}";

    public static string ConversationId(int i) => $"a:bench-{i}";

    public static async Task ReferencesAsync(Tables tables, Uri serviceUrl, int recipients)
    {
        var store = new ConversationReferenceStore(tables, TimeProvider.System);
        await Parallel.ForAsync(0, recipients, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, token) =>
        {
            var reference = new Microsoft.Bot.Schema.ConversationReference
            {
                ChannelId = "msteams",
                ServiceUrl = serviceUrl.ToString(),
                Bot = new Microsoft.Bot.Schema.ChannelAccount("28:coachbot", "CoachBot"),
                User = new Microsoft.Bot.Schema.ChannelAccount($"29:user-{i}", $"User {i}", aadObjectId: ObjectId(i)),
                Conversation = new Microsoft.Bot.Schema.ConversationAccount(conversationType: "personal", id: ConversationId(i), tenantId: "bench-tenant"),
            };
            await store.RememberAsync(ObjectId(i), ObjectId(i), reference, isInstallation: true, token);
        });
    }
}

internal static class PeakMemory
{
    /// <summary>VmHWM (peak resident set) in kB from /proc; 0 where there is no /proc.</summary>
    public static long OfSelfKb() => Of("/proc/self/status");

    public static long OfProcessKb(int pid) => Of($"/proc/{pid}/status");

    private static long Of(string path)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }
}
