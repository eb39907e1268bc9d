using CoachBot.Features;

namespace CoachBot.Arrival;

/// <summary>One thing waiting for a person: what it is, where it stands, and the item its Open button names.</summary>
public sealed record ArrivalItem(string Item, string Line, string Detail);

/// <summary>Things of one kind waiting for a person: a heading and its items (a part without items is left out).</summary>
public sealed record ArrivalPart(string Heading, IReadOnlyList<ArrivalItem> Items);

/// <summary>
/// The seam between the "what waits for you" card and a feature: each feature that has something waiting for people
/// implements it in its own folder and registers it (<c>services.AddSingleton&lt;IArrivalSection, ...&gt;()</c>). The
/// card knows nothing else of the feature: it lists the parts in <see cref="Order"/> and gives each item an Open button
/// that asks the section for the item's own card.
/// </summary>
public interface IArrivalSection
{
    /// <summary>A short unique name, carried by the Open buttons (<c>requests</c>).</summary>
    string Name { get; }

    /// <summary>Where the section comes on the card: lower first.</summary>
    int Order { get; }

    /// <summary>What waits for <paramref name="caller"/>, in their language, under one heading or a few; none when nothing does.</summary>
    Task<IReadOnlyList<ArrivalPart>> ReadAsync(Caller caller, CancellationToken cancellationToken);

    /// <summary>The item's own card, as the feature shows it to <paramref name="caller"/> (with the buttons it gives them).</summary>
    Task<FeatureReply> OpenAsync(Caller caller, string item, CancellationToken cancellationToken);
}
