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

    /// <summary>The delegated scope the tab's app registration exposes, which every token must carry in <c>scp</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Dashboard:Scope must name the scope the tab's app registration exposes.")]
    public string Scope { get; set; } = "access_as_user";

    /// <summary>
    /// Client applications allowed to ask for the tab's token besides the Teams clients (<see cref="TeamsClients"/>): the
    /// <c>azp</c> (v2.0) or <c>appid</c> (v1.0) of a token must be one of them.
    /// </summary>
    public string[] ClientApplications { get; set; } = [];

    /// <summary>The Teams clients Microsoft documents for tab single sign-on: desktop and mobile, and web.</summary>
    public static readonly IReadOnlyList<string> TeamsClients = ["1fec8e78-bce4-4aaf-ab1b-5451cc387264", "5e3ce6c0-2b1f-4285-8d4b-75ee78787346"];

    /// <summary>Development only: <c>/dashboard?as=…</c> signs in as that roster member without Teams (the local run).</summary>
    public bool LocalSignIn { get; set; }

    /// <summary>How long the tables read for one view serve the next views (every viewer shares them).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Dashboard:CacheDuration must be between 0 and 10 minutes.")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);
}
