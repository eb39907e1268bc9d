using CoachBot.Features;

namespace CoachBot.Dashboard;

public static class DashboardExtensions
{
    /// <summary>The Teams tab: Teams single sign-on, the views' data read once per table and cached briefly, the bundled page.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddCheckedOptions<DashboardOptions>(DashboardOptions.Section)
            .Validate<IHostEnvironment>((o, environment) => !o.LocalSignIn || environment.IsDevelopment(),
                "Dashboard:LocalSignIn signs anyone in without Teams: it is for the local run only (Development).")
            .Validate(o => string.IsNullOrWhiteSpace(o.ApplicationIdUri) || (Uri.TryCreate(o.ApplicationIdUri, UriKind.Absolute, out var uri) && uri.Scheme == "api"),
                "Dashboard:ApplicationIdUri must be the app registration's application ID URI, api://…/{app id}.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Authority) || (Uri.TryCreate(o.Authority, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps),
                "Dashboard:Authority must be an absolute https address (the tenant's Entra ID authority).");
        services.AddHttpClient(DashboardSignIn.HttpClientName);
        services.AddSingleton<DashboardSignIn>();
        services.AddSingleton<DashboardData>();
        services.AddSingleton<DashboardViews>();
        services.AddSingleton<DashboardAssets>();
        return services;
    }
}
