using CoachBot.Features;
using CoachBot.Storage;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CoachBot.Teams.Delivery;

public static class DeliveryExtensions
{
    /// <summary>The proactive delivery engine (campaigns), its Teams limits, and the leases that keep campaign jobs on one instance.</summary>
    public static IServiceCollection AddDelivery(this IServiceCollection services)
    {
        services.AddCheckedOptions<DeliveryOptions>(DeliveryOptions.Section)
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryBaseDelay,
                "Delivery:RetryBaseDelay must be positive and at most Delivery:MaxRetryDelay.")
            .Validate(o => o.SendTimeout > TimeSpan.Zero, "Delivery:SendTimeout must be positive.")
            .Validate(o => o.ClaimTimeout > o.LongestSend,
                "Delivery:ClaimTimeout must exceed the longest a send can take ((MaxRetries + 1) x SendTimeout + MaxRetries x MaxRetryDelay); " +
                "otherwise a live sender's claim could be taken over and the message sent twice.");

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<Leases>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<TeamsSendLimits>();
        // A factory: the container finds CloudAdapter's constructors ambiguous (PLATFORM.md).
        services.AddSingleton(sp =>
        {
            var adapter = new ProactiveAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<ProactiveAdapter>>());
            // Every proactive send and card update is measured too (MessageSize).
            adapter.Use(sp.GetRequiredService<MessageSize>());
            return adapter;
        });
        services.AddSingleton<LocalRunPolicy>();
        services.AddSingleton<ProactiveSender>();
        services.AddSingleton<DeliveryEngine>();
        return services;
    }
}
