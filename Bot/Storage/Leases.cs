using Azure;
using Azure.Data.Tables;

namespace CoachBot.Storage;

/// <summary>A held lease. <see cref="LastRunFor"/> is what the previous holder finished (e.g. a job's scheduled fire time).</summary>
public sealed record Lease(string Name, string Owner, DateTimeOffset ExpiresAt, DateTimeOffset? LastRunFor, ETag ETag);

/// <summary>
/// Named leases in Table Storage, so that work every instance is scheduled to do runs on one of them. Every change is
/// an ETag-conditional write: of several instances racing for a free or expired lease exactly one gets it.
/// A holder that stops renewing loses the lease when it expires.
/// </summary>
public sealed class Leases(Tables tables, TimeProvider clock)
{
    public const string TableName = "Leases";

    /// <summary>The lease, or null while someone else holds it.</summary>
    public async Task<Lease?> TryAcquireAsync(string name, string owner, TimeSpan duration, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var now = clock.GetUtcNow();
        var existing = await table.GetEntityIfExistsAsync<LeaseEntity>(TableKeys.Escape(name), "", cancellationToken: cancellationToken);
        if (existing.HasValue && existing.Value!.ExpiresAt > now && existing.Value.Owner != owner)
        {
            return null;
        }

        var entity = new LeaseEntity
        {
            PartitionKey = TableKeys.Escape(name),
            Owner = owner,
            ExpiresAt = now + duration,
            LastRunFor = existing.HasValue ? existing.Value!.LastRunFor : null,
        };
        var response = await Optimistic.TryWriteAsync(() => existing.HasValue
            ? table.UpdateEntityAsync(entity, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken)
            : table.AddEntityAsync(entity, cancellationToken));
        // Null: another instance acquired it between our read and our write.
        return response is null ? null : new Lease(name, owner, entity.ExpiresAt, entity.LastRunFor, response.Headers.ETag!.Value);
    }

    /// <summary>What the last holder of the lease finished, without taking it; null if it never ran.</summary>
    public async Task<DateTimeOffset?> LastRunForAsync(string name, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<LeaseEntity>(TableKeys.Escape(name), "", cancellationToken: cancellationToken);
        return existing.HasValue ? existing.Value!.LastRunFor : null;
    }

    /// <summary>Extends a held lease. Null if it was lost (it expired and someone else took it).</summary>
    public async Task<Lease?> RenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = new LeaseEntity
        {
            PartitionKey = TableKeys.Escape(lease.Name),
            Owner = lease.Owner,
            ExpiresAt = clock.GetUtcNow() + duration,
            LastRunFor = lease.LastRunFor,
        };
        var response = await Optimistic.TryWriteAsync(() => table.UpdateEntityAsync(entity, lease.ETag, TableUpdateMode.Replace, cancellationToken));
        return response is null ? null : lease with { ExpiresAt = entity.ExpiresAt, ETag = response.Headers.ETag!.Value };
    }

    /// <summary>Frees a held lease at once, recording what was run. False if it had been lost meanwhile.</summary>
    public async Task<bool> ReleaseAsync(Lease lease, DateTimeOffset? ranFor, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = new LeaseEntity
        {
            PartitionKey = TableKeys.Escape(lease.Name),
            Owner = "",
            ExpiresAt = DateTimeOffset.MinValue.AddYears(1900),
            LastRunFor = ranFor ?? lease.LastRunFor,
        };
        return await Optimistic.TryWriteAsync(() => table.UpdateEntityAsync(entity, lease.ETag, TableUpdateMode.Replace, cancellationToken)) is not null;
    }

    // PartitionKey = lease name (escaped), RowKey = "": one row per lease, read and written by point operations.
    internal sealed class LeaseEntity : TableRow
    {
        public string Owner { get; set; } = "";
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? LastRunFor { get; set; }
    }
}
