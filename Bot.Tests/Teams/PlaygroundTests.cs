using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CoachBot.Calendar;
using CoachBot.CheckIns;
using CoachBot.Teams;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CoachBot.Tests.Teams;

/// <summary>
/// The local run's pieces together: the bot with the demo roster (appsettings.Development.json) and the Microsoft 365
/// Agents Playground with the repository's .m365agentsplayground.yml, driven through the Playground's own API.
/// </summary>
public sealed class PlaygroundTests
{
    private const string PersonalChat = "personal-chat-amina";

    [Fact]
    public async Task ThePlaygroundsCurrentUserIsOnTheDemoRosterAndGetsAWelcomeAndHelp()
    {
        var demo = new ConfigurationBuilder().AddJsonFile(Repository.PathOf("appsettings.Development.json")).Build();
        var roster = demo.AsEnumerable().Where(p => p.Key.StartsWith("Organization", StringComparison.Ordinal) && p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value);
        await using var bot = await BotApp.StartAsync(roster, withTestRoster: false);
        await using var playground = await Playground.StartAsync(new Uri(bot.Http.BaseAddress!, "api/messages"));

        (await playground.Http.PostAsync($"/_debug/conversation/{PersonalChat}/installation", null)).EnsureSuccessStatusCode();
        await playground.WaitForLogAsync("Welcome to CoachBot, Amina Haddad");
        (await playground.Http.PostAsJsonAsync($"/_conversation/v1/conversations/{PersonalChat}/messages",
            new { text = "help", textFormat = "plain", from = new { id = "user-amina" } })).EnsureSuccessStatusCode();
        await playground.WaitForLogAsync("What you can do");

        var stored = await bot.Service<ConversationReferenceStore>().GetAsync("00000000-0000-0000-0000-0000000000a1", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.True(stored.Active);
        Assert.Equal(PersonalChat, stored.Reference.Conversation.Id);
    }

    [Fact]
    public async Task InThePlaygroundTheCheckInCardArrivesIsSubmittedAndTheSummaryReplacesIt()
    {
        var demo = new ConfigurationBuilder().AddJsonFile(Repository.PathOf("appsettings.Development.json")).Build();
        var roster = demo.AsEnumerable().Where(p => p.Key.StartsWith("Organization", StringComparison.Ordinal) && p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value);
        // Friday of 2026-W48 at 16:00 in Casablanca: the week's check-in is open for Amina (region "mea").
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 16, 0, 0, TimeSpan.FromHours(1)));
        await using var bot = await BotApp.StartAsync(roster, withTestRoster: false, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            // Quartz would run its schedules on the fake clock; this test asks for the card itself.
            s.RemoveScheduler();
        });
        await using var playground = await Playground.StartAsync(new Uri(bot.Http.BaseAddress!, "api/messages"));

        (await playground.Http.PostAsJsonAsync($"/_conversation/v1/conversations/{PersonalChat}/messages",
            new { text = "checkin", textFormat = "plain", from = new { id = "user-amina" } })).EnsureSuccessStatusCode();
        var cardId = await playground.WaitForCardAsync("checkin.submit");

        var response = await playground.Http.PostAsJsonAsync("/_conversation/v1/invoke", new
        {
            name = "adaptiveCard/action",
            value = new
            {
                action = new
                {
                    type = "Action.Execute",
                    verb = "checkin.submit",
                    data = new { week = "2026-W48", visits = "6", fieldDays = "2", plannedVisits = "5", customers = "Sonatrach", win = "", blocker = "", confidence = "4" },
                },
                trigger = "manual",
            },
            from = new { id = "user-amina" },
            conversation = new { id = PersonalChat },
            replyToId = cardId,
        });

        response.EnsureSuccessStatusCode();
        // The Playground puts the invoke response's card in place of the clicked card, as Teams does.
        var replaced = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", replaced["type"]!.GetValue<string>());
        var summary = replaced["value"]!.ToJsonString();
        Assert.Contains("40", summary);
        Assert.DoesNotContain("checkin.submit", summary);
        var stored = await bot.Service<CheckInStore>().ReadWeeksAsync("amina.haddad@coachbot.example", new IsoWeek(2026, 48), new IsoWeek(2026, 48), CancellationToken.None);
        Assert.Equal(2, Assert.Single(stored).CheckIn.Answer.FieldDays);
    }

    [Fact]
    public async Task InThePlaygroundARepOpensASupportRequestGetsItsReferenceAndTheCardThatFollowsIt()
    {
        var demo = new ConfigurationBuilder().AddJsonFile(Repository.PathOf("appsettings.Development.json")).Build();
        var roster = demo.AsEnumerable().Where(p => p.Key.StartsWith("Organization", StringComparison.Ordinal) && p.Value is not null)
            .ToDictionary(p => p.Key, p => p.Value);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(1)));
        await using var bot = await BotApp.StartAsync(roster, withTestRoster: false, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.RemoveScheduler();
        });
        await using var playground = await Playground.StartAsync(new Uri(bot.Http.BaseAddress!, "api/messages"));
        (await playground.Http.PostAsync($"/_debug/conversation/{PersonalChat}/installation", null)).EnsureSuccessStatusCode();

        (await playground.Http.PostAsJsonAsync($"/_conversation/v1/conversations/{PersonalChat}/messages",
            new { text = "demande", textFormat = "plain", from = new { id = "user-amina" } })).EnsureSuccessStatusCode();
        var formId = await playground.WaitForCardAsync("request.open");
        var response = await playground.Http.PostAsJsonAsync("/_conversation/v1/invoke", new
        {
            name = "adaptiveCard/action",
            value = new
            {
                action = new
                {
                    type = "Action.Execute",
                    verb = "request.open",
                    data = new { formId = "demo1", businessUnit = "pumps", customer = "OCP", country = "Maroc", need = "Quotation",
                        description = "Devis pour 40 pompes", dueDate = "2026-12-15", dealSize = "", currency = "EUR" },
                },
                trigger = "manual",
            },
            from = new { id = "user-amina" },
            conversation = new { id = PersonalChat },
            replyToId = formId,
        });

        response.EnsureSuccessStatusCode();
        var replaced = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", replaced["type"]!.GetValue<string>());
        Assert.Contains("REQ-2026-0001", replaced["value"]!.ToJsonString());
        // The card she follows the request on reaches her chat through the delivery engine, with her buttons.
        await playground.WaitForCardAsync("request.withdraw");
        var request = await bot.Service<CoachBot.SupportRequests.SupportRequestStore>().GetAsync("REQ-2026-0001", CancellationToken.None);
        Assert.Equal("amina.haddad@coachbot.example", request!.Request.RepMemberId);
        Assert.Single(request.Request.Copies);
    }

    private sealed class Playground : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly DirectoryInfo _folder;

        private Playground(Process process, DirectoryInfo folder, int port)
        {
            _process = process;
            _folder = folder;
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        }

        public HttpClient Http { get; }

        public static async Task<Playground> StartAsync(Uri botEndpoint)
        {
            var cli = Repository.PathOf("node_modules", "@microsoft", "m365agentsplayground", "cli.js");
            if (!File.Exists(cli))
            {
                throw new InvalidOperationException($"The Agents Playground is not installed ({cli}): run 'npm ci' at the repository root.");
            }
            var folder = Directory.CreateTempSubdirectory("coachbot-playground-");
            File.Copy(Repository.PathOf(".m365agentsplayground.yml"), Path.Combine(folder.FullName, ".m365agentsplayground.yml"));
            var port = Azurite.FreePort();
            var start = new ProcessStartInfo("node", [cli, "-e", botEndpoint.ToString(), "-c", "msteams", "--disable-telemetry", "-p", port.ToString()])
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var playground = new Playground(process, folder, port);

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    if (await playground.Http.GetStringAsync("/_debug/ping") == "pong")
                    {
                        return playground;
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(100);
            }
            await playground.DisposeAsync();
            throw new TimeoutException("The Agents Playground did not answer /_debug/ping.");
        }

        /// <summary>Waits for text in the Playground's log, where it writes every activity the bot sends it.</summary>
        public async Task WaitForLogAsync(string text)
        {
            var log = Path.Combine(_folder.FullName, "devTools", "m365agentsplayground.log");
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                if (File.Exists(log))
                {
                    await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    if ((await new StreamReader(stream).ReadToEndAsync()).Contains(text, StringComparison.Ordinal))
                    {
                        return;
                    }
                }
                await Task.Delay(100);
            }
            throw new TimeoutException($"The Playground never showed \"{text}\".");
        }

        /// <summary>Waits for a card holding <paramref name="text"/> in the Playground's log and returns the id the Playground gave its message.</summary>
        public async Task<string> WaitForCardAsync(string text)
        {
            var log = Path.Combine(_folder.FullName, "devTools", "m365agentsplayground.log");
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                if (File.Exists(log))
                {
                    await using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                    var content = await new StreamReader(stream).ReadToEndAsync();
                    // Each line logs one activity as JSON; the bot's own messages carry the id the Playground gave them.
                    var sent = content.Split('\n')
                        .Select(line => line.IndexOf('{') is var start and >= 0 ? line[start..] : null)
                        .Where(json => json is not null && json.Contains(text, StringComparison.Ordinal))
                        .Select(json => JsonNode.Parse(json!)?["log"])
                        .LastOrDefault(entry => entry?["from"]?.GetValue<string>() == "User Application");
                    if (sent?["messageId"]?.GetValue<string>() is { } id)
                    {
                        return id;
                    }
                }
                await Task.Delay(100);
            }
            throw new TimeoutException($"The Playground never showed a card with \"{text}\".");
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            _folder.Delete(recursive: true);
        }
    }
}
