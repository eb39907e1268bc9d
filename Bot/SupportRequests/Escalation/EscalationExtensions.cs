using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CoachBot.SupportRequests.Escalation;

public static class EscalationExtensions
{
    /// <summary>
    /// The escalation settings (validated at start) and <see cref="BusinessHours"/>. Safe to call more than once, so the
    /// support-request feature may call it too.
    /// </summary>
    public static IServiceCollection AddEscalation(this IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(BusinessHours)))
        {
            return services;
        }
        services.AddOptions<EscalationOptions>()
            .BindConfiguration(EscalationOptions.Section)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>());
        services.AddSingleton<BusinessHours>();
        return services;
    }
}
