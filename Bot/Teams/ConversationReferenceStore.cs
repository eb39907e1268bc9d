using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using CoachBot.Roster;
using CoachBot.Storage;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace CoachBot.Teams;

/// <summary>
/// A user's personal conversation with the bot, as last seen; what proactive sends need, including the locale their
/// Teams last reported (<see cref="TeamsLocale"/>), the language a proactive card uses when they chose none.
/// </summary>
public sealed record StoredConversation(
    string AadObjectId,
    string? MemberId,
    ConversationReference Reference,
    bool Active,
    DateTimeOffset? InstalledAt,
    string? InactiveReason,
    DateTimeOffset? UpdatedAt = null,
    string? TeamsLocale = null);

/// <summary>What an install event is for the person: nothing new (the same event again), a first arrival, or a return.</summary>
public enum InstallationKind
{
    /// <summary>Not an install event, or the same install delivered again (Teams repeats it): nobody is greeted.</summary>
    None,
    /// <summary>Someone the bot never greeted: the welcome.</summary>
    New,
    /// <summary>Someone greeted before (a re-install, or the local Playground playing them again): "welcome back", never as new.</summary>
    Returning,
}

/// <summary>
/// Conversation references for proactive messages, keyed by the user's Entra object id. Kept from the install event
/// and refreshed on every message, so a changed service URL or conversation id is picked up; marked inactive
/// (never deleted) when the user removes the app or Teams says the conversation is gone.
/// </summary>
public sealed class ConversationReferenceStore(Tables tables, TimeProvider clock)
{
    public const string TableName = "ConversationReferences";

    // PartitionKey = Entra object id (one user per partition: point reads, and uninstall touches one row);
    // RowKey = "personal", the only scope the app is installed in.
    private const string PersonalScope = "personal";

    /// <summary>An install event this soon after the last greeting is the same install delivered again, not a return.</summary>
    public static readonly TimeSpan RepeatedInstallWindow = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Stores the latest reference. For an install event, says whether to greet the user and how: <see cref="InstallationKind.New"/>
    /// for someone never greeted, <see cref="InstallationKind.Returning"/> for someone greeted before (an install after an
    /// uninstall, or after <see cref="RepeatedInstallWindow"/>), <see cref="InstallationKind.None"/> when Teams delivers
    /// the same install event twice.
    /// </summary>
    /// <paramref name="memberId"/> is the roster member's <see cref="RosterMember.Id"/>, so a campaign finds people the
    /// roster knows by e-mail only.
    public async Task<InstallationKind> RememberAsync(string aadObjectId, string memberId, ConversationReference reference, bool isInstallation, CancellationToken cancellationToken)
    {
        var key = Normalize(aadObjectId);
        var json = Serialize(reference);
        var table = await tables.GetAsync(TableName, cancellationToken);

        // Optimistic concurrency: events for one user race (install + conversationUpdate, a burst of messages); a lost
        // race re-reads, and usually finds that the winner stored the very same reference.
        return await Optimistic.ChangeAsync<InstallationKind>(async () =>
        {
            var existing = await table.GetEntityIfExistsAsync<ReferenceEntity>(key, PersonalScope, cancellationToken: cancellationToken);
            var entity = existing.HasValue ? existing.Value! : new ReferenceEntity { PartitionKey = key, RowKey = PersonalScope };
            var newInstallation = isInstallation && (!existing.HasValue || !entity.Active || entity.InstalledAt is null);
            var kind = isInstallation ? Greeting(existing.HasValue ? entity : null, newInstallation) : InstallationKind.None;
            // An activity without a locale keeps the last one seen: the locale is what Teams last told us, not this activity's gap.
            var locale = string.IsNullOrWhiteSpace(reference.Locale) ? entity.Locale : reference.Locale.Trim();
            var unchanged = existing.HasValue && entity.Active && entity.Reference == json && entity.MemberId == memberId
                && entity.Locale == locale && !newInstallation && kind == InstallationKind.None;
            if (unchanged)
            {
                return InstallationKind.None;
            }

            entity.Reference = json;
            entity.MemberId = memberId;
            entity.ConversationId = reference.Conversation?.Id;
            entity.ServiceUrl = reference.ServiceUrl;
            entity.Locale = locale;
            entity.Active = true;
            entity.InactiveReason = null;
            entity.UpdatedAt = clock.GetUtcNow();
            if (newInstallation)
            {
                entity.InstalledAt = clock.GetUtcNow();
            }
            if (kind != InstallationKind.None)
            {
                entity.GreetedAt = clock.GetUtcNow();
            }

            var written = await Optimistic.TryWriteAsync(() => existing.HasValue
                ? table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken)
                : table.AddEntityAsync(entity, cancellationToken));
            return written is null ? Optimistic.Lost : kind;
        }, "A conversation reference kept changing while it was being remembered.");
    }

    /// <summary>
    /// Whom an install event greets. Known (greeted, installed or deactivated before: rows older than
    /// <see cref="ReferenceEntity.GreetedAt"/> tell by the last two): returning, unless the same install comes again
    /// within <see cref="RepeatedInstallWindow"/>. A reference kept from a message only is not known yet.
    /// </summary>
    private InstallationKind Greeting(ReferenceEntity? stored, bool newInstallation)
    {
        if (stored is null || ((stored.GreetedAt ?? stored.InstalledAt) is null && stored.InactiveReason is null))
        {
            return InstallationKind.New;
        }
        if (newInstallation)
        {
            return InstallationKind.Returning;
        }
        var last = stored.GreetedAt ?? stored.InstalledAt;
        return last is { } at && clock.GetUtcNow() - at < RepeatedInstallWindow ? InstallationKind.None : InstallationKind.Returning;
    }

    /// <summary>
    /// The reference as stored: without the id of the activity it was taken from, which changes with every message
    /// and would otherwise turn every message into a write, and without the locale, kept in its own column.
    /// </summary>
    private static string Serialize(ConversationReference reference)
    {
        var (activityId, locale) = (reference.ActivityId, reference.Locale);
        reference.ActivityId = null;
        reference.Locale = null;
        try
        {
            return JsonConvert.SerializeObject(reference, Formatting.None);
        }
        finally
        {
            (reference.ActivityId, reference.Locale) = (activityId, locale);
        }
    }

    /// <summary>Marks the user's conversation unusable (app removed, blocked, conversation not found); sends stop until they come back.</summary>
    public async Task MarkInactiveAsync(string aadObjectId, string reason, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var patch = new TableEntity(Normalize(aadObjectId), PersonalScope)
        {
            [nameof(ReferenceEntity.Active)] = false,
            [nameof(ReferenceEntity.InactiveReason)] = reason,
            [nameof(ReferenceEntity.InstalledAt)] = null,
            [nameof(ReferenceEntity.UpdatedAt)] = clock.GetUtcNow(),
        };
        try
        {
            await table.UpdateEntityAsync(patch, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Nothing stored for this user: nothing to deactivate.
        }
    }

    public async Task<StoredConversation?> GetAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<ReferenceEntity>(Normalize(aadObjectId), PersonalScope, cancellationToken: cancellationToken);
        return entity.HasValue ? ToStored(entity.Value!) : null;
    }

    public async IAsyncEnumerable<StoredConversation> ListActiveAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await foreach (var entity in table.QueryAsync<ReferenceEntity>(e => e.Active, cancellationToken: cancellationToken))
        {
            yield return ToStored(entity);
        }
    }

    /// <summary>Every stored conversation, removed ones included: what reach reports on (who installed, who removed the app).</summary>
    public async IAsyncEnumerable<StoredConversation> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        await foreach (var entity in table.QueryAsync<ReferenceEntity>(cancellationToken: cancellationToken))
        {
            yield return ToStored(entity);
        }
    }

    private static StoredConversation ToStored(ReferenceEntity entity) => new(
        entity.PartitionKey,
        entity.MemberId,
        WithLocale(JsonConvert.DeserializeObject<ConversationReference>(entity.Reference ?? "{}") ?? new ConversationReference(), entity.Locale),
        entity.Active,
        entity.InstalledAt,
        entity.InactiveReason,
        entity.UpdatedAt,
        entity.Locale);

    private static ConversationReference WithLocale(ConversationReference reference, string? locale)
    {
        reference.Locale = locale;
        return reference;
    }

    private static string Normalize(string aadObjectId) =>
        RosterIdentity.TryNormalizeObjectId(aadObjectId, out var id) ? id : throw new ArgumentException($"'{aadObjectId}' is not an Entra object id.", nameof(aadObjectId));

    internal sealed class ReferenceEntity : TableRow
    {
        public string? Reference { get; set; }
        public string? MemberId { get; set; }
        public string? ConversationId { get; set; }
        public string? ServiceUrl { get; set; }
        /// <summary>The Teams locale last seen from the user (<c>en-US</c>); rewritten only when it changes.</summary>
        public string? Locale { get; set; }
        public bool Active { get; set; }
        public string? InactiveReason { get; set; }
        public DateTimeOffset? InstalledAt { get; set; }
        /// <summary>When an install event last greeted the user; never cleared, so a re-install is told from a first one.</summary>
        public DateTimeOffset? GreetedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
    }
}
