using System.Text.Json.Nodes;
using CoachBot.SupportRequests;
using CoachBot.Teams;
using CoachBot.Tests.Infrastructure;
using CoachBot.Tests.Teams;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.SupportRequests;

/// <summary>A request's card stays under what Teams accepts however long its history: the newest changes, and how many more.</summary>
public sealed class RequestCardSizeTests
{
    /// <summary>The longest comment allowed, French text with its accents, numbered so the order can be told.</summary>
    private static string Comment(int i)
    {
        var text = $"Commentaire {i:D2} : le client a confirmé la réunion à Casablanca, l’équipe prépare le devis détaillé. ";
        return string.Concat(Enumerable.Repeat(text, SupportRequestRules.MaxTextLength / text.Length + 1))[..SupportRequestRules.MaxTextLength];
    }

    [Fact]
    public async Task AfterSixtyCommentsOfAThousandCharactersTheCardShowsTheNewestAndHowManyMoreUnder28Kilobytes()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var reference = await bed.OpenAsync(inputs: Form(description: new string('d', SupportRequestRules.MaxTextLength)));
        await bed.ActAsync(Amina, "request.comment", reference, new JsonObject { ["comment"] = Comment(1) });
        // The rest straight to the store: Teams' per-conversation limit (60 sends in 30 s) paces the card updates of comments written this fast.
        for (var i = 2; i <= 60; i++)
        {
            var stored = (await bed.SupportRequestStore.GetAsync(reference, CancellationToken.None))!;
            var commented = stored.Request.With(RequestAction.Commented, stored.Request.State, bed.Member(Amina).Id, bed.Clock.GetUtcNow(), Comment(i));
            Assert.True(await bed.SupportRequestStore.TryReplaceAsync(commented, stored, CancellationToken.None));
        }

        foreach (var (user, language) in new[] { (Amina, "fr"), (Amina with { Locale = "en-US" }, "en") })
        {
            if (language == "en")
            {
                await bed.SayAsync(Amina, "language en");
            }
            var shown = await bed.SayAsync(user, $"request {reference}");

            Assert.NotNull(shown.Card);
            Assert.InRange(MessageSizeTests.Bytes(shown), 1, MessageSize.MaxBytes);
            var texts = CardText.All(shown.Card);
            var trail = texts.Where(t => t.Contains("Commentaire ", StringComparison.Ordinal)).ToList();
            Assert.Contains("Commentaire 60", trail[0]);
            Assert.DoesNotContain(trail, t => t.Contains("Commentaire 01", StringComparison.Ordinal));
            var leftOut = 61 - trail.Count;
            Assert.Contains(Plural(language, "list_and_more", leftOut), texts);
            var results = await CardValidator.ValidateAsync(new Dictionary<string, JsonObject> { ["request with a long trail " + language] = shown.Card! });
            Assert.Empty(results.SelectMany(r => r.Value));
        }
    }

    [Fact]
    public async Task TheDirectorsListOfThreeHundredOpenRequestsShowsTheNewestFirstAndHowManyMoreUnder28Kilobytes()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var first = await bed.GetAsync(await bed.OpenAsync());
        for (var i = 1; i < 300; i++)
        {
            var copy = first with { FormId = null, OpenedAt = first.OpenedAt.AddMinutes(i), Asked = first.Asked with { Customer = new string('C', SupportRequestRules.MaxNameLength) } };
            await bed.SupportRequestStore.AddAsync(copy, CancellationToken.None);
        }

        var list = await bed.SayAsync(Claire with { Locale = "en-US" }, "requests");

        Assert.NotNull(list.Card);
        Assert.InRange(MessageSizeTests.Bytes(list), 1, MessageSize.MaxBytes);
        var opens = CardText.Elements(list.Card).Select(e => e["data"]?["command"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.InRange(opens.Count, 1, SupportRequestCards.MaxListed);
        Assert.Equal("request REQ-2026-0300", opens[0]);
        Assert.Contains(Plural("en", "list_and_more", 300 - opens.Count), CardText.All(list.Card));
    }

    [Fact]
    public async Task WhatWaitsForALeadWithThirtyOpenRequestsShowsTheNewestEightAndHowManyMore()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var first = await bed.GetAsync(await bed.OpenAsync());
        for (var i = 1; i < 30; i++)
        {
            await bed.SupportRequestStore.AddAsync(first with { FormId = null, OpenedAt = first.OpenedAt.AddMinutes(i) }, CancellationToken.None);
        }
        var hugo = bed.Member(Hugo);

        foreach (var language in CoachBot.Languages.All)
        {
            var (card, items) = await bed.Bot.Service<CoachBot.Arrival.ArrivalCard>().BuildAsync(new CoachBot.Features.Caller(hugo, Hugo.AadObjectId!, language), "Hugo", CancellationToken.None);

            Assert.Equal(30, items);
            Assert.InRange(MessageSize.SizeOf((Microsoft.Bot.Schema.Activity)CardMessages.Message(card)), 1, MessageSize.MaxBytes);
            var opened = CardText.Elements(card).Select(e => e["data"]?["item"]?.GetValue<string>()).OfType<string>().ToList();
            Assert.Equal(CoachBot.Arrival.ArrivalCard.MaxItemsPerPart, opened.Count);
            Assert.Equal("REQ-2026-0030", opened[0]);
            Assert.Contains(Plural(language, "list_and_more", 30 - CoachBot.Arrival.ArrivalCard.MaxItemsPerPart), CardText.All(card));
        }
    }
}
