using CoachBot.Features;
using CoachBot.SupportRequests.Escalation;

namespace CoachBot.SupportRequests;

public static class SupportRequestsExtensions
{
    /// <summary>BU support requests: store (and its read contract), service, ladder, cards, campaigns, commands and card verbs.</summary>
    public static IServiceCollection AddSupportRequests(this IServiceCollection services)
    {
        services.AddEscalation();
        services.AddSingleton<SupportRequestStore>();
        services.AddSingleton<ISupportRequestHistory>(provider => provider.GetRequiredService<SupportRequestStore>());
        services.AddSingleton<RequestCalendar>();
        services.AddSingleton<SupportRequestCards>();
        services.AddSingleton<SupportRequestCampaigns>();
        services.AddSingleton<EscalationLadder>();
        services.AddSingleton<SupportRequestService>();
        services.AddSingleton<IFeature, SupportRequestFeature>();
        return services;
    }
}
