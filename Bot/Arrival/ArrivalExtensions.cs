using CoachBot.Features;

namespace CoachBot.Arrival;

public static class ArrivalExtensions
{
    /// <summary>The "what waits for you" card, its greeting on install and its buttons. The sections come from the features.</summary>
    public static IServiceCollection AddArrival(this IServiceCollection services)
    {
        services.AddSingleton<ArrivalCard>();
        services.AddSingleton<ArrivalGreeting>();
        services.AddSingleton<IFeature, ArrivalFeature>();
        return services;
    }
}
