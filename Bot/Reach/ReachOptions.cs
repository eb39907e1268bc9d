using System.ComponentModel.DataAnnotations;

namespace CoachBot.Reach;

/// <summary>Section <c>Reach</c>: installing the app for the people it cannot reach, through Microsoft Graph.</summary>
public sealed class ReachOptions
{
    public const string Section = "Reach";
    public const string DefaultGraphBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>The app's id in the organisation's app catalog (not the bot id, nor the manifest id). Empty: nothing is installed, reach is still shown.</summary>
    public string? TeamsAppId { get; set; }

    /// <summary>
    /// The app registration Graph is called as: the Teams app's <c>webApplicationInfo.id</c>, since
    /// <c>TeamsAppInstallation.ReadWriteSelfForUser.All</c> installs only the app that names its caller there. The
    /// template sets CoachBot's app registration (<c>dashboardAppId</c>, also the tab's sign-in). Empty: the bot's own
    /// app registration; with the managed identity alone there is none, and Graph is not called.
    /// </summary>
    public string? GraphClientId { get; set; }

    /// <summary>
    /// The user-assigned managed identity that signs in as <see cref="GraphClientId"/> (its federated credential: no
    /// secret). Empty: the bot's identity when that is the managed identity.
    /// </summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Where Graph is; tests point the real SDK at a local stand-in.</summary>
    [Required]
    public string GraphBaseUrl { get; set; } = DefaultGraphBaseUrl;

    /// <summary>When the daily <c>reach-install</c> job runs, in the director's time zone.</summary>
    public TimeOnly InstallTime { get; set; } = new(7, 30);

    public bool InstallsEnabled => !string.IsNullOrWhiteSpace(TeamsAppId);
}
