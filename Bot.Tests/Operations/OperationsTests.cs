using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoachBot.Tests.Operations;

public sealed class OperationsTests
{
    [Fact]
    public async Task HealthIs200WhenTableStorageAnswers()
    {
        await using var bot = await BotApp.StartAsync();

        var response = await bot.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task HealthIs503WhenTableStorageDoesNotAnswer()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Azurite.ConnectionStringFor(Azurite.FreePort()),
        });

        var response = await bot.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task AFloodOfHealthProbesCostsNoStorageRead()
    {
        var faults = new StorageFaults();
        var health = 0;
        // The readiness check's query: the list of tables, one row.
        faults.Fail = request =>
        {
            if (request.Method == Azure.Core.RequestMethod.Get && request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref health);
            }
            return false;
        };
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Health:Interval"] = "01:00:00" }, services: faults.AddTo);
        var before = Volatile.Read(ref health);

        var answers = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => bot.Http.GetAsync("/healthz")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(before, Volatile.Read(ref health));
        Assert.True(before >= 1, "the readiness was checked at start");
    }

    [Fact]
    public async Task TheCachedReadinessFollowsStorageGoingDownAndComingBack()
    {
        var faults = new StorageFaults();
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Health:Interval"] = "00:00:00.100" }, services: faults.AddTo);
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/healthz")).StatusCode);

        faults.Fail = request => request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal);
        await HealthBecomesAsync(bot, HttpStatusCode.ServiceUnavailable);
        faults.Fail = null;
        await HealthBecomesAsync(bot, HttpStatusCode.OK);
    }

    private static async Task HealthBecomesAsync(BotApp bot, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while ((await bot.Http.GetAsync("/healthz")).StatusCode != expected)
        {
            Assert.True(DateTime.UtcNow < deadline, $"/healthz did not become {expected} within 10 s.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task WithAnApplicationInsightsConnectionStringTelemetryIsWiredAndTheServiceStaysHealthy()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        });

        Assert.NotNull(bot.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task AdminRoutesDoNotExistWithoutAConfiguredKey()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "" });

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/jobs") { Headers = { { "X-Admin-Key", "" } } };
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bot.Http.PostAsync("/api/admin/jobs/anything/run", null)).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("s3cret-but-longer")]
    public async Task AdminRoutesRefuseAWrongKey(string? key)
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "s3cret" });
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/jobs");
        if (key is not null)
        {
            request.Headers.Add("X-Admin-Key", key);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Http.SendAsync(request)).StatusCode);
    }

    private static HttpRequestMessage Jobs(string key, string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/jobs") { Headers = { { "X-Admin-Key", key } } };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    [Fact]
    public async Task AfterTooManyWrongKeysTheCallersWrongKeysWaitButTheRightKeyIsStillServed()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "s3cret" });

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < CoachBot.Operations.AdminKeyAttempts.FailuresPerWindow; i++)
        {
            wrong.Add((await bot.Http.SendAsync(Jobs("guess-" + i))).StatusCode);
        }
        var thenWrong = await bot.Http.SendAsync(Jobs("guess-again"));
        var thenRight = await bot.Http.SendAsync(Jobs("s3cret"));

        Assert.All(wrong, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, thenWrong.StatusCode);
        Assert.NotNull(thenWrong.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, thenRight.StatusCode);
    }

    [Fact]
    public async Task BehindTheFrontEndFailuresAreCountedPerForwardedClientAddress()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "s3cret", ["Admin:TrustForwardedFor"] = "true" });

        for (var i = 0; i < CoachBot.Operations.AdminKeyAttempts.FailuresPerWindow; i++)
        {
            // What the client wrote first is not taken: the front end's entry is the last one.
            await bot.Http.SendAsync(Jobs("guess-" + i, forwardedFor: $"10.9.9.{i}, 203.0.113.7"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await bot.Http.SendAsync(Jobs("guess", "198.51.100.1, 203.0.113.7"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Http.SendAsync(Jobs("guess", "198.51.100.2"))).StatusCode);
    }

    [Fact]
    public async Task WithoutAFrontEndTheForwardedAddressIsNotBelieved()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "s3cret" });

        for (var i = 0; i < CoachBot.Operations.AdminKeyAttempts.FailuresPerWindow; i++)
        {
            await bot.Http.SendAsync(Jobs("guess-" + i, forwardedFor: $"203.0.113.{i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await bot.Http.SendAsync(Jobs("guess", "198.51.100.2"))).StatusCode);
    }

    [Fact]
    public async Task EachOperatorHasAKeyOfTheirOwnAndTheRosterHistoryAndTheLogsNameThem()
    {
        const string alice = "alice-key-0123456789abcdef0123456789", bob = "bob-key-0123456789abcdef0123456789ab";
        var logs = new CoachBot.Tests.Roster.LogLines();
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?>
        {
            ["Admin:Operators:0:Name"] = "alice",
            ["Admin:Operators:0:KeyHash"] = CoachBot.Operations.AdminOperators.HashOf(alice),
            ["Admin:Operators:1:Name"] = "bob",
            ["Admin:Operators:1:KeyHash"] = CoachBot.Operations.AdminOperators.HashOf(bob).ToUpperInvariant(),
        }, services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));

        Assert.Equal(HttpStatusCode.OK, (await bot.Http.SendAsync(Jobs(alice))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.SendAsync(Jobs(bob))).StatusCode);
        // The configuration holds hashes: a hash is not a key.
        Assert.Equal(HttpStatusCode.Unauthorized, (await bot.Http.SendAsync(Jobs(CoachBot.Operations.AdminOperators.HashOf(alice)))).StatusCode);

        var get = new HttpRequestMessage(HttpMethod.Get, "/api/admin/organization") { Headers = { { "X-Admin-Key", bob } } };
        var organization = JsonNode.Parse(await (await bot.Http.SendAsync(get)).Content.ReadAsStringAsync())!.AsObject();
        organization["Regions"]![0]!["Name"] = "MEA";
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/admin/organization")
        {
            Headers = { { "X-Admin-Key", bob } },
            Content = new StringContent(organization.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.Equal(HttpStatusCode.OK, (await bot.Http.SendAsync(put)).StatusCode);

        var entry = (await bot.Service<CoachBot.Roster.RosterStore>().ReadHistoryAsync(1, CancellationToken.None))[0];
        Assert.Equal("bob (admin API)", entry.ByName);
        Assert.Contains(logs.Lines, l => l.Contains(" 8502 Admin: alice GET /api/admin/jobs", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains(" 8009 ", StringComparison.Ordinal) && l.Contains("operator:bob", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnOperatorWithoutAValidNameOrHashStopsTheService()
    {
        var refusal = await BotApp.RefusalAsync(new Dictionary<string, string?>
        {
            ["Admin:Operators:0:Name"] = "alice smith",
            ["Admin:Operators:0:KeyHash"] = "not-a-hash",
            ["Admin:Operators:1:Name"] = "admin",
            ["Admin:Operators:1:KeyHash"] = new string('a', 64),
            ["Admin:ApiKey"] = new string('k', 40),
        });

        Assert.Contains("Admin:Operators:0:Name 'alice smith' must be", refusal);
        Assert.Contains("Admin:Operators:0:KeyHash must be the SHA-256", refusal);
        Assert.Contains("the operator 'admin' is configured twice", refusal);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task OutsideDevelopmentAnAdminKeyUnder32CharactersStopsTheService(string environment)
    {
        var output = await BotApp.RefusalAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = new string('k', 31) }, environment);

        Assert.Contains("Admin:ApiKey has 31 characters; outside Development it needs at least 32", output);
    }

    [Fact]
    public async Task AdminRoutesAnswerTheRightKey()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "s3cret" });
        bot.Http.DefaultRequestHeaders.Add("X-Admin-Key", "s3cret");

        var jobs = await bot.Http.GetAsync("/api/admin/jobs");
        var unknown = await bot.Http.PostAsync("/api/admin/jobs/no-such-job/run", null);

        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.IsType<JsonArray>(await jobs.Content.ReadFromJsonAsync<JsonNode>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task OutsideDevelopmentTheServiceRefusesToStartWithoutAnAppId(string environment)
    {
        var refusal = await BotApp.RefusalAsync(new Dictionary<string, string?> { ["MicrosoftAppId"] = "", ["MicrosoftAppPassword"] = "" }, environment);

        Assert.Contains("MicrosoftAppId is not set", refusal);
    }

    [Fact]
    public async Task AnAppIdWithoutItsSecretIsRefusedAtStart()
    {
        var refusal = await BotApp.RefusalAsync(
            new Dictionary<string, string?> { ["MicrosoftAppId"] = Guid.NewGuid().ToString(), ["MicrosoftAppType"] = "SingleTenant", ["MicrosoftAppPassword"] = "" },
            environment: "Production");

        Assert.Contains("needs MicrosoftAppPassword", refusal);
        Assert.Contains("needs MicrosoftAppTenantId", refusal);
    }
}
