using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CoachBot.Bench.Turns;

/// <summary>
/// The Bot Framework SDK 4.23.1 as people use it out of the box: <see cref="CloudAdapter"/>,
/// <see cref="ConfigurationBotFrameworkAuthentication"/> without an app id, an <see cref="ActivityHandler"/> that answers
/// every message with the help card CoachBot sent, no storage. What CoachBot's reply turn is compared with.
/// </summary>
internal static class BareBot
{
    public static async Task<int> RunAsync(string cardFile)
    {
        // The card's folder (made for this run) as content root: the repository's and this output folder's appsettings.json
        // are CoachBot's configuration, not the bare bot's.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = Path.GetDirectoryName(Path.GetFullPath(cardFile)) });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            sp.GetRequiredService<IConfiguration>(),
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>()));
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter, Adapter>();
        // Parsed once and shared: the baseline does the least work it can, so the ratio does not flatter CoachBot.
        var card = JObject.Parse(await File.ReadAllTextAsync(cardFile));
        builder.Services.AddSingleton<IBot>(new HelpBot(card));

        var app = builder.Build();
        app.MapGet("/healthz", () => "ok");
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot) =>
            adapter.ProcessAsync(request, response, bot));
        await app.RunAsync();
        return 0;
    }

    /// <summary>One constructor: the .NET 10 container finds CloudAdapter's own constructors ambiguous.</summary>
    private sealed class Adapter(BotFrameworkAuthentication authentication, ILogger<Adapter> logger) : CloudAdapter(authentication, logger);

    private sealed class HelpBot(JObject card) : ActivityHandler
    {
        protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
            turnContext.SendActivityAsync(MessageFactory.Attachment(new Attachment { ContentType = "application/vnd.microsoft.card.adaptive", Content = card }), cancellationToken);
    }
}
