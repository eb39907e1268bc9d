using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace CoachBot.Teams;

public static class BotFrameworkExtensions
{
    public static IServiceCollection AddBotFramework(this IServiceCollection services)
    {
        services.AddOptions<BotIdentityOptions>().BindConfiguration("").ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotIdentityOptions>, BotIdentityValidator>();

        services.AddHttpClient();
        services.AddSingleton<ServiceClientCredentialsFactory>(sp => new ConfigurationServiceClientCredentialFactory(
            sp.GetRequiredService<IConfiguration>(),
            logger: sp.GetRequiredService<ILogger<ServiceClientCredentialsFactory>>()));
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            sp.GetRequiredService<IConfiguration>(),
            sp.GetRequiredService<ServiceClientCredentialsFactory>(),
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>()));

        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        services.AddSingleton<CoachBotAdapter>();
        services.AddSingleton<CloudAdapter>(sp => sp.GetRequiredService<CoachBotAdapter>());
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CoachBotAdapter>());

        services.AddSingleton<Localization.Texts>();
        services.AddSingleton<Onboarding>();
        services.AddSingleton<TeamsIdentity>();
        services.AddSingleton<ConversationReferenceStore>();
        services.AddTransient<IBot, CoachBotActivityHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", ProcessAsync);
        return endpoints;
    }

    private static async Task ProcessAsync(HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot, ILogger<CoachBotAdapter> logger)
    {
        try
        {
            await adapter.ProcessAsync(http.Request, http.Response, bot, http.RequestAborted);
        }
        catch (Exception ex) when (IsRejectedCredential(ex) && !http.Response.HasStarted)
        {
            // The SDK maps most token failures to 401 itself, but lets a bad signature or a malformed token escape as an
            // exception (a 500). Both mean "not signed by the Bot Framework for us".
            Log.TokenRejected(logger, ex.GetType().Name);
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
    }

    private static bool IsRejectedCredential(Exception ex) => ex switch
    {
        SecurityTokenException => true,
        ArgumentException { Source: { } source } when source.StartsWith("Microsoft.IdentityModel", StringComparison.Ordinal)
            || source.StartsWith("System.IdentityModel", StringComparison.Ordinal) => true,
        AggregateException { InnerExceptions: [var inner] } => IsRejectedCredential(inner),
        _ => false,
    };
}
