using CoachBot.Roster;

namespace CoachBot.Reach;

/// <summary>Whether the bot can send to a roster member.</summary>
public enum ReachState
{
    /// <summary>The app is installed and the bot holds an active conversation with them.</summary>
    Reachable,

    /// <summary>No conversation was ever stored: they never installed the app (or Teams never told the bot).</summary>
    NeverInstalled,

    /// <summary>They removed the app, or blocked the bot: their conversation is marked inactive.</summary>
    Removed,

    /// <summary>The bot tried to install the app for them through Graph and failed (the attempt says why).</summary>
    InstallFailed,
}

/// <summary>What an installation through Graph gave.</summary>
public enum InstallOutcome
{
    /// <summary>201: installed; Teams then sends the bot the installation event.</summary>
    Installed,

    /// <summary>409: the app was already installed for them.</summary>
    AlreadyInstalled,

    /// <summary>403: an app permission policy (or a missing Graph permission) refuses the app to them.</summary>
    RefusedByPolicy,

    /// <summary>404: no such user in the tenant (or no user with the roster's e-mail).</summary>
    NoSuchUser,

    /// <summary>Any other failure (5xx after the SDK's retries, throttling that did not end).</summary>
    Failed,
}

/// <summary>The last installation attempt for a member: when, what it gave, the Graph error code, and the Entra object id used.</summary>
public sealed record InstallAttempt(InstallOutcome Outcome, DateTimeOffset At, string? Detail, string? ObjectId)
{
    public bool IsFailure => Outcome is InstallOutcome.RefusedByPolicy or InstallOutcome.NoSuchUser or InstallOutcome.Failed;

    /// <summary>
    /// When the job may try again. A policy refusal or an unknown user does not change from one day to the next: weekly,
    /// not daily, so Graph is not asked the same question every morning; a success that Teams has not yet confirmed, or a
    /// passing failure, the next day.
    /// </summary>
    public DateTimeOffset NextAttemptAt => At + Outcome switch
    {
        InstallOutcome.RefusedByPolicy or InstallOutcome.NoSuchUser or InstallOutcome.AlreadyInstalled => TimeSpan.FromDays(7),
        _ => TimeSpan.FromDays(1),
    } - TimeSpan.FromMinutes(30);
}

/// <summary>A roster member's reach: their state and the last installation attempt, if any.</summary>
public sealed record MemberReach(RosterMember Member, ReachState State, InstallAttempt? LastAttempt)
{
    public bool IsReachable => State == ReachState.Reachable;
}

/// <summary>
/// The read contract of reach, for the roster card, the digests and the install job: each member's state from the
/// conversation references (active, inactive, none) and the installation outcomes recorded.
/// </summary>
public interface IReachDirectory
{
    /// <summary>The member's reach; a member id not on the roster throws <see cref="KeyNotFoundException"/>.</summary>
    Task<MemberReach> StatusOfAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>Every roster member's reach, in roster order: one read of each table.</summary>
    Task<IReadOnlyList<MemberReach>> ListAsync(CancellationToken cancellationToken);
}
