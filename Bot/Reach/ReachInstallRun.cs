using System.Security.Cryptography;
using System.Text;
using CoachBot.Roster;
using Microsoft.Extensions.Options;

namespace CoachBot.Reach;

/// <summary>What one run of <c>reach-install</c> did.</summary>
public sealed record InstallRunSummary(int Unreachable, int Attempted, int Installed, int NotDue, bool Throttled);

/// <summary>
/// One pass of the installer: for each roster member the bot cannot reach and whose last attempt is due again, find
/// their object id (by e-mail first for people the roster knows by e-mail only), ask Graph to install the app, and
/// record the outcome. Members the bot can reach are never asked for: they have the app.
/// </summary>
public sealed class ReachInstallRun(
    IReachDirectory directory,
    InstallAttemptStore attempts,
    ITeamsAppInstaller installer,
    Organization organization,
    IOptions<ReachOptions> options,
    TimeProvider clock,
    ILogger<ReachInstallRun> logger)
{
    public async Task<InstallRunSummary> RunAsync(CancellationToken cancellationToken)
    {
        // The roster this run covers: someone added while it runs is for the run their addition triggers.
        var roster = RosterFingerprint(organization);
        var everyone = await directory.ListAsync(cancellationToken);
        var unreachable = everyone.Where(r => !r.IsReachable).ToList();
        if (!options.Value.InstallsEnabled || !installer.CanInstall)
        {
            Log.InstallsOff(logger, unreachable.Count, options.Value.InstallsEnabled);
            return new InstallRunSummary(unreachable.Count, 0, 0, 0, false);
        }

        int attempted = 0, installed = 0, notDue = 0;
        foreach (var reach in unreachable)
        {
            var now = clock.GetUtcNow();
            if (reach.LastAttempt is { } last && now < last.NextAttemptAt)
            {
                notDue++;
                continue;
            }
            try
            {
                var attempt = await InstallAsync(installer, reach, now, cancellationToken);
                await attempts.RecordAsync(reach.Member.Id, attempt, cancellationToken);
                attempted++;
                installed += attempt.Outcome == InstallOutcome.Installed ? 1 : 0;
                Log.Attempted(logger, attempt.Outcome, attempt.Detail);
            }
            catch (GraphThrottledException ex)
            {
                // The rest waits for the next run: pressing on would only lengthen Graph's penalty.
                Log.Throttled(logger, ex, attempted, unreachable.Count - notDue - attempted);
                return new InstallRunSummary(unreachable.Count, attempted, installed, notDue, true);
            }
        }
        await attempts.RecordRunAsync(roster, clock.GetUtcNow(), cancellationToken);
        Log.RunDone(logger, unreachable.Count, attempted, installed, notDue);
        return new InstallRunSummary(unreachable.Count, attempted, installed, notDue, false);
    }

    private static async Task<InstallAttempt> InstallAsync(ITeamsAppInstaller installer, MemberReach reach, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var member = reach.Member;
        var objectId = member.AadObjectId ?? reach.LastAttempt?.ObjectId;
        if (objectId is null && member.Email is { } email)
        {
            try
            {
                objectId = await installer.FindUserAsync(email, cancellationToken);
            }
            catch (GraphLookupRefusedException refused)
            {
                return new InstallAttempt(InstallOutcome.RefusedByPolicy, now, LookupRefused + (refused.Code is { } code ? " " + code : ""), null);
            }
        }
        if (objectId is null)
        {
            return new InstallAttempt(InstallOutcome.NoSuchUser, now, NoUserWithThisEmail, null);
        }
        var result = await installer.InstallAsync(objectId, cancellationToken);
        // An object id found by e-mail that Graph then does not know is forgotten, so the next attempt looks it up again.
        return new InstallAttempt(result.Outcome, now, result.Detail, result.Outcome == InstallOutcome.NoSuchUser && member.AadObjectId is null ? null : objectId);
    }

    /// <summary>The start of the detail recorded when Graph refused to look a user up by e-mail (a missing User.ReadBasic.All).</summary>
    public const string LookupRefused = "UserLookupRefused";

    /// <summary>The detail recorded when no user of the tenant has the roster's e-mail.</summary>
    public const string NoUserWithThisEmail = "NoUserWithThisEmail";

    /// <summary>The roster's member ids, hashed: a different value means someone joined (or left) since the last run.</summary>
    public static string RosterFingerprint(Organization organization)
    {
        var ids = string.Join('\n', organization.Members.Select(m => m.Id).Order(StringComparer.Ordinal));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ids)));
    }
}
