using System.Text.Json.Nodes;
using CoachBot.Roster;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// One message to each of a set of people, sent at most once per person even when the campaign is started twice,
/// on two instances, or again after a crash. The id names the occasion, e.g. <c>checkin/2026-W48/mea</c>.
/// </summary>
public sealed record Campaign(string Id, IReadOnlyList<Recipient> Recipients);

/// <summary>
/// A person (Entra object id) and what they get: by default a new message holding the card built by
/// <see cref="CreateCardAsync"/>; with <see cref="UpdateActivityId"/>, that card replaces a message the bot sent them
/// before (Teams' UpdateActivity); with <see cref="Text"/>, a plain text message instead of a card. The card is built only
/// when it is actually sent, so a large campaign does not hold every card in memory and a resumed one does not rebuild
/// the sent ones. A campaign delivers each message once: one per person, and for updates one per person and activity,
/// so every copy of a card a person holds can be updated in the same campaign.
/// </summary>
public sealed record Recipient(string AadObjectId, Func<CancellationToken, ValueTask<JsonObject>> CreateCardAsync)
{
    private static readonly Func<CancellationToken, ValueTask<JsonObject>> NoCard =
        _ => ValueTask.FromException<JsonObject>(new InvalidOperationException("A text message has no card."));

    /// <summary>The id of the activity (a message the bot sent this person) that the card replaces; null for a new message.</summary>
    public string? UpdateActivityId { get; init; }

    /// <summary>A plain text message, sent instead of a card; <see cref="CreateCardAsync"/> is then not called.</summary>
    public string? Text { get; init; }

    /// <summary>A new message with this card.</summary>
    public static Recipient WithCard(string aadObjectId, Func<JsonObject> createCard) =>
        new(aadObjectId, _ => ValueTask.FromResult(createCard()));

    /// <summary>
    /// This card in place of the message <paramref name="activityId"/> the bot sent the person earlier (its id is in the
    /// result of the campaign that sent it: <see cref="CampaignResult.ActivityIdOf"/>).
    /// </summary>
    public static Recipient Update(string aadObjectId, string activityId, Func<JsonObject> createCard)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activityId);
        return WithCard(aadObjectId, createCard) with { UpdateActivityId = activityId };
    }

    /// <summary>A new plain text message (a sentence, already in the person's language).</summary>
    public static Recipient WithText(string aadObjectId, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        return new Recipient(aadObjectId, NoCard) { Text = text };
    }
}

/// <summary>
/// What one run of a campaign did. <see cref="PossibleDuplicates"/> counts claims taken over from an owner that may have sent.
/// <see cref="ActivityIds"/> holds the activity id of every recipient of the run the message reached, in this run or an
/// earlier one of the same campaign, by ledger key (<see cref="DeliveryLedger.RecipientKey"/>): what a caller keeps to
/// update the message later, without reading the ledger back.
/// </summary>
public sealed record CampaignResult(
    string CampaignId,
    int Recipients,
    int Sent,
    int AlreadyDone,
    int Skipped,
    int Failed,
    int Inactive,
    long Throttled,
    long Retries,
    int PossibleDuplicates,
    TimeSpan Elapsed,
    IReadOnlyDictionary<string, string> ActivityIds)
{
    /// <summary>The activity id of the message <paramref name="recipient"/> (one of the run's) holds; null when none reached them.</summary>
    public string? ActivityIdOf(Recipient recipient)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        return RosterIdentity.TryNormalizeObjectId(recipient.AadObjectId, out var objectId)
            ? ActivityIds.GetValueOrDefault(DeliveryLedger.RecipientKey(objectId, recipient.UpdateActivityId))
            : null;
    }
}
