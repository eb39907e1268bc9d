using System.ComponentModel.DataAnnotations;

namespace CoachBot.Dashboard;

/// <summary>The dashboard tab's sign-in and cache (<c>Dashboard</c> section).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>
    /// The Entra ID authority whose OpenID configuration (issuer and signing keys) the tab's tokens are checked against;
    /// empty means <c>https://login.microsoftonline.com/{Organization:TenantId}/v2.0</c>. Tests point it at a local issuer.
    /// </summary>
    public string? Authority { get; set; }

    /// <summary>The application ID URI the tab's app registration exposes (<c>api://coachbot.example.com/{app id}</c>): the audience of v1.0 tokens.</summary>
    public string? ApplicationIdUri { get; set; }

    /// <summary>The client id of that app registration: the audience of v2.0 tokens. Empty means <c>MicrosoftAppId</c> (the bot's own registration).</summary>
    public string? ClientId { get; set; }

    /// <summary>Development only: <c>/dashboard?as=…</c> signs in as that roster member without Teams (the local run).</summary>
    public bool LocalSignIn { get; set; }

    /// <summary>How long the tables read for one view serve the next views (every viewer shares them).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Dashboard:CacheDuration must be between 0 and 10 minutes.")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
