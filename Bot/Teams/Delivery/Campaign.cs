using System.Text.Json.Nodes;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// One message to each of a set of people, sent at most once per person even when the campaign is started twice,
/// on two instances, or again after a crash. The id names the occasion, e.g. <c>checkin/2026-W48/mea</c>.
/// </summary>
public sealed record Campaign(string Id, IReadOnlyList<Recipient> Recipients);

/// <summary>
/// A person (Entra object id) and how to build their card. The card is built only when it is actually sent,
/// so a large campaign does not hold every card in memory and a resumed one does not rebuild the sent ones.
/// </summary>
public sealed record Recipient(string AadObjectId, Func<CancellationToken, ValueTask<JsonObject>> CreateCardAsync)
{
    public static Recipient WithCard(string aadObjectId, Func<JsonObject> createCard) =>
        new(aadObjectId, _ => ValueTask.FromResult(createCard()));
}

/// <summary>What one run of a campaign did. <see cref="PossibleDuplicates"/> counts claims taken over from an owner that may have sent.</summary>
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
    TimeSpan Elapsed);
