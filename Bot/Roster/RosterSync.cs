using Microsoft.Extensions.Options;

namespace CoachBot.Roster;

/// <summary><c>Roster</c>: how often each instance looks at the roster table's version row.</summary>
public sealed class RosterOptions
{
    public const string Section = "Roster";

    /// <summary>A change made through another instance is in force here at most this long after (plus one read).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Keeps <see cref="Organization"/> equal to the roster table on every instance. At start it seeds the table from the
/// <c>Organization</c> configuration section when the table is empty, else puts the table's roster in force (and says so
/// when configuration differs from it); then every <see cref="RosterOptions.PollInterval"/> it reads the version row (one
/// point read) and, when the version moved, reads the new roster and swaps it in whole.
/// </summary>
public sealed class RosterSync(
    Organization organization,
    RosterStore store,
    IOptions<OrganizationOptions> configuration,
    IEnumerable<IValidateOptions<OrganizationOptions>> validators,
    IOptions<RosterOptions> options,
    TimeProvider clock,
    ILogger<RosterSync> logger) : IHostedService
{
    // Never disposed: it holds no timer, and the host may stop the service after the container disposed it.
    private readonly CancellationTokenSource _stopping = new();
    private Task? _polling;
    private long _wentBackTo = -1;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SeedOrLoadAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Storage down at start must not keep the bot down: configuration is in force until a poll reads the table.
            Log.LoadFailed(logger, ex);
        }
        _polling = PollAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_polling is not null)
        {
            await _polling.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Puts the table's roster in force when its version differs from the one here; false when nothing changed.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadVersionAsync(cancellationToken);
        if (stored is null || stored.Version.Number == organization.Version.Number)
        {
            return false;
        }
        if (stored.Version.Number < organization.Version.Number)
        {
            // Never taken (an older roster would come back); said once per version seen, not on every poll.
            if (Interlocked.Exchange(ref _wentBackTo, stored.Version.Number) != stored.Version.Number)
            {
                Log.VersionWentBack(logger, stored.Version.Number, organization.Version.Number);
            }
            return false;
        }
        return await LoadAsync(stored, cancellationToken);
    }

    /// <summary>Every problem the validation finds in <paramref name="proposed"/> (the same messages as at start); empty when valid.</summary>
    public IReadOnlyList<string> Validate(OrganizationOptions proposed) => Problems(proposed).Select(p => p.English).ToList();

    /// <summary>The same problems, each with the string key that says it in the admin's language (none for another validator's).</summary>
    public IReadOnlyList<RosterProblem> Problems(OrganizationOptions proposed) =>
        validators.SelectMany(v => v is OrganizationValidator ? OrganizationValidator.Problems(proposed) : Failures(v, proposed)).ToList();

    private static IEnumerable<RosterProblem> Failures(IValidateOptions<OrganizationOptions> validator, OrganizationOptions proposed) =>
        validator.Validate(Microsoft.Extensions.Options.Options.DefaultName, proposed) is { Failed: true } result
            ? (result.Failures ?? [result.FailureMessage ?? "invalid"]).Select(m => new RosterProblem(null, [], m))
            : [];

    private async Task SeedOrLoadAsync(CancellationToken cancellationToken)
    {
        var stored = await store.ReadVersionAsync(cancellationToken);
        if (stored is null)
        {
            var seeded = await store.WriteAsync(configuration.Value, null, RosterAuthor.Configuration, clock.GetUtcNow(), 0, cancellationToken);
            if (seeded is not null)
            {
                await organization.ReplaceAsync(new RosterSnapshot(configuration.Value, seeded), cancellationToken);
                Log.Seeded(logger, organization.Members.Count);
                return;
            }
            // Another instance seeded it at the same moment: theirs is in force.
            stored = await store.ReadVersionAsync(cancellationToken) ?? throw new InvalidOperationException("The roster table lost its version row.");
        }
        if (await LoadAsync(stored, cancellationToken))
        {
            var diff = RosterDiff.Between(new RosterSnapshot(configuration.Value, RosterVersion.Configuration, organization.Current.Departed), organization.Current);
            if (!diff.IsEmpty)
            {
                Log.ConfigurationDiffers(logger, stored.Version.Number, stored.Version.ChangedByRef, stored.Version.ChangedAt,
                    diff.Added.Count, diff.Changed.Count, diff.Removed.Count, diff.Organisation.Count);
            }
            else
            {
                Log.Loaded(logger, stored.Version.Number, organization.Members.Count);
            }
        }
    }

    private async Task<bool> LoadAsync(StoredVersion stored, CancellationToken cancellationToken)
    {
        var roster = await store.ReadGenerationAsync(stored, cancellationToken);
        if (roster is null)
        {
            // Replaced again while we read it: the next poll reads the newer one.
            return false;
        }
        if (Validate(roster) is { Count: > 0 } problems)
        {
            // It was valid when written; a stricter rule since then must not leave the bot without a roster.
            Log.StoredRosterInvalid(logger, stored.Version.Number, string.Join(" ", problems));
        }
        // Whatever a table written by an older version holds, the tenant in force is the deployment's.
        roster.TenantId = organization.TrustedTenantId;
        var former = await store.ReadFormerAsync(cancellationToken);
        var replaced = await organization.ReplaceAsync(new RosterSnapshot(roster, stored.Version, former), cancellationToken);
        if (replaced)
        {
            Log.Reloaded(logger, stored.Version.Number, stored.Version.ChangedByRef);
        }
        return replaced;
    }

    private async Task PollAsync(CancellationToken stopping)
    {
        // Real time, not the TimeProvider: tests that stop the service's clock must still see other instances' changes.
        using var timer = new PeriodicTimer(options.Value.PollInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await RefreshAsync(stopping);
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    Log.PollFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
