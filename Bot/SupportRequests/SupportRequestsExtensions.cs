using CoachBot.Features;
using CoachBot.Scheduling;
using CoachBot.SupportRequests.Escalation;

namespace CoachBot.SupportRequests;

public static class SupportRequestsExtensions
{
    /// <summary>BU support requests: store (and its read contract), service, the escalation ladder and its timers, cards, campaigns, commands and card verbs.</summary>
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
        services.AddSingleton<Arrival.IArrivalSection, SupportRequestArrival>();

        // The ladder's rungs, as durable timers keyed by the request's reference.
        services.AddTimerHandler(EscalationLadder.AckTimer, p => new LadderTimerHandler(EscalationLadder.AckTimer, p.GetRequiredService<EscalationLadder>().EscalateToDirectorAsync));
        services.AddTimerHandler(EscalationLadder.DirectorTimer, p => new LadderTimerHandler(EscalationLadder.DirectorTimer, p.GetRequiredService<EscalationLadder>().EscalateToSponsorAsync));
        services.AddTimerHandler(EscalationLadder.CommitmentTimer, p => new LadderTimerHandler(EscalationLadder.CommitmentTimer, p.GetRequiredService<EscalationLadder>().CommitmentPassedAsync));
        return services;
    }
}
