using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Tests.Infrastructure;
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

    [Fact]
    public async Task AfterTooManyWrongKeysEveryAdminRequestFromThatCallerWaits()
    {
        await using var bot = await BotApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "s3cret" });
        HttpRequestMessage Jobs(string key) => new(HttpMethod.Get, "/api/admin/jobs") { Headers = { { "X-Admin-Key", key } } };

        var wrong = new List<HttpStatusCode>();
        for (var i = 0; i < CoachBot.Operations.AdminKeyAttempts.FailuresPerWindow; i++)
        {
            wrong.Add((await bot.Http.SendAsync(Jobs("guess-" + i))).StatusCode);
        }
        var thenRight = await bot.Http.SendAsync(Jobs("s3cret"));

        Assert.All(wrong, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, thenRight.StatusCode);
        Assert.NotNull(thenRight.Headers.RetryAfter);
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
