using System.ComponentModel.DataAnnotations;

namespace CoachBot.Reach;

/// <summary>Section <c>Reach</c>: installing the app for the people it cannot reach, through Microsoft Graph.</summary>
public sealed class ReachOptions
{
    public const string Section = "Reach";
    public const string DefaultGraphBaseUrl = "https://graph.microsoft.com/v1.0";

    /// <summary>The app's id in the organisation's app catalog (not the bot id, nor the manifest id). Empty: nothing is installed, reach is still shown.</summary>
    public string? TeamsAppId { get; set; }

    /// <summary>Where Graph is; tests point the real SDK at a local stand-in.</summary>
    [Required]
    public string GraphBaseUrl { get; set; } = DefaultGraphBaseUrl;

    /// <summary>When the daily <c>reach-install</c> job runs, in the director's time zone.</summary>
    public TimeOnly InstallTime { get; set; } = new(7, 30);

    public bool InstallsEnabled => !string.IsNullOrWhiteSpace(TeamsAppId);
}
