using CoachBot.Arrival;
using CoachBot.Roster;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

namespace CoachBot.Teams;

public static class BotFrameworkExtensions
{
    public static IServiceCollection AddBotFramework(this IServiceCollection services)
    {
        services.AddOptions<BotIdentityOptions>().BindConfiguration("").ValidateOnStart();
        services.AddOptions<TurnOptions>().BindConfiguration(TurnOptions.Section)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout < TimeSpan.FromSeconds(15), "Turns:Timeout must be positive and under 15 s (Teams resends after 15 s).")
            .ValidateOnStart();
        services.AddSingleton<RecentActivities>();
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

        services.AddSingleton<MessageSize>();
        services.AddSingleton<CoachBotAdapter>();
        services.AddSingleton<CloudAdapter>(sp => sp.GetRequiredService<CoachBotAdapter>());
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CoachBotAdapter>());

        services.AddSingleton<Localization.Texts>();
        services.AddSingleton<Onboarding>();
        services.AddArrival();
        services.AddSingleton<TeamsIdentity>();
        services.AddSingleton<MemberPins>();
        services.AddSingleton<AccountMatch>();
        services.AddSingleton<ConversationReferenceStore>();
        services.AddSingleton<UserPreferencesStore>();
        services.AddSingleton<ReachableMembers>();
        services.AddSingleton<Features.FeatureDirectory>();
        services.AddSingleton<IBot, CoachBotActivityHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", MessagesEndpoint.ProcessAsync);
        return endpoints;
    }
}
