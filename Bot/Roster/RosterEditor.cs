namespace CoachBot.Roster;

public enum RosterChangeOutcome
{
    /// <summary>Written and in force on this instance; on the others within the poll interval.</summary>
    Applied,
    /// <summary>Valid; what it would change is in the diff; nothing written.</summary>
    DryRun,
    /// <summary>Valid, and the same as the roster in force: nothing to write.</summary>
    Unchanged,
    /// <summary>Refused whole: the errors say why; nothing written.</summary>
    Invalid,
    /// <summary>Someone else changed the roster since the caller read it; the version says who and when; nothing written.</summary>
    Conflict,
}

public sealed record RosterChangeResult(RosterChangeOutcome Outcome, RosterDiff? Diff, IReadOnlyList<RosterProblem> Problems, RosterVersion Version)
{
    /// <summary>The problems in English, as the service says them at start.</summary>
    public IReadOnlyList<string> Errors => Problems.Select(p => p.English).ToList();
}

/// <summary>
/// Every change of the roster, whoever makes it (the admin routes, the <c>roster</c> card, a restore): validated whole by
/// the same validation as at start, refused whole when invalid or when it would change the trusted tenant, written as a
/// new version above the one in force only if nobody changed the roster since the caller read it, kept in the history,
/// and put in force here at once. It is reported applied only when it is in force.
/// </summary>
public sealed class RosterEditor(Organization organization, RosterStore store, RosterSync sync, TimeProvider clock, ILogger<RosterEditor> logger)
{
    /// <param name="expectedVersion">The version the caller's change is based on; null to replace whatever is in force.</param>
    public async Task<RosterChangeResult> ChangeAsync(
        OrganizationOptions proposed, RosterAuthor by, long? expectedVersion, bool dryRun, CancellationToken cancellationToken)
    {
        if (!organization.KeepsTrustedTenant(proposed.TenantId))
        {
            return new RosterChangeResult(RosterChangeOutcome.Invalid, null,
                [OrganizationValidator.Problem("roster_refused_tenant", proposed.TenantId!.Trim())], organization.Version);
        }
        // The tenant is the deployment's: what is stored is always the configured one.
        proposed.TenantId = organization.TrustedTenantId;
        var errors = sync.Problems(proposed);
        if (errors.Count > 0)
        {
            return new RosterChangeResult(RosterChangeOutcome.Invalid, null, errors, organization.Version);
        }
        // Compare with what the table holds now, not with what this instance last polled.
        await sync.RefreshAsync(cancellationToken);
        var stored = await store.ReadVersionAsync(cancellationToken);
        var before = organization.Current;
        if (expectedVersion is { } expected && stored is not null && stored.Version.Number != expected)
        {
            return new RosterChangeResult(RosterChangeOutcome.Conflict, null, [], stored.Version);
        }
        var now = clock.GetUtcNow();
        var diff = RosterDiff.Between(before, new RosterSnapshot(proposed, RosterVersion.Configuration, before.Departed));
        if (dryRun || diff.IsEmpty)
        {
            return new RosterChangeResult(diff.IsEmpty ? RosterChangeOutcome.Unchanged : RosterChangeOutcome.DryRun, diff, [], before.Version);
        }

        var written = await store.WriteAsync(proposed, stored, by, now, before.Version.Number, cancellationToken);
        if (written is null)
        {
            var winner = await store.ReadVersionAsync(cancellationToken);
            return new RosterChangeResult(RosterChangeOutcome.Conflict, null, [], winner?.Version ?? before.Version);
        }
        var after = new RosterSnapshot(proposed, written, before.Departed);
        var left = before.Members.Concat(before.Admins).Where(m => after.FindById(m.Id) is null).DistinctBy(m => m.Id).ToList();
        // In force first: the history and the list of who left follow; if they fail, the roster is still the one written.
        // Those back stay in the list (no longer former members): it is what gives them back their id on every instance.
        var former = new Dictionary<string, FormerMember>(before.Departed, StringComparer.Ordinal);
        foreach (var member in left)
        {
            former[member.Id] = new FormerMember(member.Id, member.Name, now, member.Has(Role.Rep) ? member.RegionId : null, member.Email, member.AadObjectId);
        }
        var replaced = await organization.ReplaceAsync(new RosterSnapshot(proposed, written, former), cancellationToken);
        // Not replaced: this instance's poll put the same generation in force first, or a newer version is in force
        // already (each is written over the one before, so it holds this change). Anything else means this change is
        // not in force and must not be said to be.
        var inForce = organization.Version;
        if (!replaced && inForce.Generation != written.Generation && inForce.Number <= written.Number)
        {
            Log.NotInForce(logger, written.Number, inForce.Number);
            return new RosterChangeResult(RosterChangeOutcome.Conflict, null, [], inForce);
        }
        await store.NoteLeftAsync(left, now, cancellationToken);
        await store.AddHistoryAsync(new RosterHistoryEntry(written.Number, now, by.Name, diff.Lines), cancellationToken);
        Log.Changed(logger, written.Number, by.LogRef, diff.Added.Count, diff.Changed.Count, diff.Removed.Count);
        return new RosterChangeResult(RosterChangeOutcome.Applied, diff, [], written);
    }
}
