using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using CoachBot.Roster;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoachBot.Tests.Roster;

/// <summary>Bots on one Azurite table prefix (instances of one deployment), with the admin key and a short roster poll.</summary>
internal static class RosterTestBed
{
    public const string AdminKey = "roster-test-admin-key";
    public const string Operator = "roster-tests";

    public static readonly TeamsUserAccount Nadia = new("Nadia Benali", "22222222-0000-0000-0000-000000000007", "en-US");

    public static Task<BotApp> StartAsync(string prefix, LogLines? logs = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            // A named operator (its key's hash in configuration): the roster history and the logs name them.
            ["Admin:Operators:0:Name"] = Operator,
            ["Admin:Operators:0:KeyHash"] = CoachBot.Operations.AdminOperators.HashOf(AdminKey),
            ["Roster:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        return BotApp.StartAsync(all, tablePrefix: prefix, services: logs is null ? null : s => s.AddSingleton<ILoggerProvider>(logs));
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content = null, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Admin-Key", AdminKey);
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }

    public static async Task<JsonObject> GetOrganizationAsync(BotApp bot)
    {
        using var response = await bot.Http.SendAsync(Request(HttpMethod.Get, "/api/admin/organization"));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public static Task<HttpResponseMessage> PutOrganizationAsync(BotApp bot, JsonObject organization, bool dryRun = false, string? ifMatch = null) =>
        bot.Http.SendAsync(Request(HttpMethod.Put, "/api/admin/organization" + (dryRun ? "?dryRun=true" : ""),
            new StringContent(organization.ToJsonString(), Encoding.UTF8, "application/json"), ifMatch));

    public static Task<HttpResponseMessage> PutPeopleAsync(BotApp bot, string csv, bool dryRun = false) =>
        bot.Http.SendAsync(Request(HttpMethod.Put, "/api/admin/roster/people.csv" + (dryRun ? "?dryRun=true" : ""),
            new ByteArrayContent(Encoding.UTF8.GetBytes(csv)) { Headers = { ContentType = new("text/csv") } }));

    public static JsonObject WithRep(JsonObject organization, TeamsUserAccount rep, string region)
    {
        var copy = organization.DeepClone().AsObject();
        copy["Reps"]!.AsArray().Add(new JsonObject { ["Name"] = rep.Name, ["AadObjectId"] = rep.AadObjectId, ["Region"] = region });
        return copy;
    }

    public static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Waits until <paramref name="condition"/> holds on the instance (its poll brought the change), failing after 10 s.</summary>
    public static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The change did not reach the instance within 10 s.");
            await Task.Delay(50);
        }
    }

    public static Task<JsonObject?> ReadVersionRowAsync(BotApp bot) => bot.TableAsync(RosterStore.TableName).ContinueWith(async t =>
    {
        var row = await t.Result.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("current", "current");
        return row.HasValue ? new JsonObject { ["Version"] = row.Value!.GetInt64("Version"), ["Generation"] = row.Value.GetString("Generation") } : null;
    }).Unwrap();
}

/// <summary>Every log line of the service, for the tests that check what it says at start.</summary>
internal sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Sink(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Sink(LogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category} {eventId.Id} {formatter(state, exception)}");
    }
}
