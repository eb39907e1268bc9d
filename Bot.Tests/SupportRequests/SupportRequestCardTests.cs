using System.Text.Json.Nodes;
using CoachBot.Features;
using CoachBot.SupportRequests;
using CoachBot.Tests.Infrastructure;
using static CoachBot.Tests.Infrastructure.BotTestBed;

namespace CoachBot.Tests.SupportRequests;

public sealed class SupportRequestCardTests
{
    /// <summary>Every support request card, filled by the real code in both languages: form (blank, refused), the request in each role and state, list, notice.</summary>
    internal static async Task<Dictionary<string, JsonObject>> EveryCardAsync()
    {
        await using var bed = await StartSupportRequestsAsync();
        await bed.InstallEveryoneAsync();
        var cards = bed.Bot.Service<SupportRequestCards>();
        var service = bed.Bot.Service<SupportRequestService>();
        var all = new Dictionary<string, JsonObject>();

        var open = await bed.OpenAsync(Amina, Form(deal: "1250000", currency: "MAD"));
        var acknowledged = await bed.OpenAsync();
        await bed.ActAsync(Hugo, "request.acknowledge", acknowledged, new JsonObject { ["commitmentDate"] = "2026-12-02" });
        var declined = await bed.OpenAsync();
        await bed.ActAsync(Hugo, "request.decline", declined, new JsonObject { ["objection"] = "Margin", ["declineReason"] = "Below 8 %" });
        var escalated = await bed.OpenAsync();
        await bed.Ladder.EscalateToDirectorAsync(escalated, CancellationToken.None);
        await bed.ActAsync(Claire, "request.escalate", escalated);
        var closed = await bed.OpenAsync();
        await bed.ActAsync(Claire, "request.close", closed, new JsonObject { ["closeReason"] = "Deal lost" });

        foreach (var language in (string[])["en", "fr"])
        {
            all[$"SupportRequests/Cards/form.json {language} blank"] = cards.Form(service.BlankForm(), "mea", language);
            all[$"SupportRequests/Cards/form.json {language} refused"] = cards.Form(new RequestForm("f", Form(deal: "x").ToDictionary(p => p.Key, p => p.Value?.GetValue<string>()),
                new Dictionary<string, FieldError> { ["dealSize"] = new("request_error_deal_size"), ["dueDate"] = new("request_error_past", "2026-11-27") }), "mea", language);
            foreach (var reference in new[] { open, acknowledged, declined, escalated, closed })
            {
                var request = await bed.GetAsync(reference);
                foreach (var role in Enum.GetValues<CopyRole>())
                {
                    all[$"SupportRequests/Cards/request.json {language} {request.State}/{request.Escalation} {role}"] = cards.Request(request, role, language,
                        banner: cards.Banner(request, role, language), notice: role == CopyRole.Lead ? "A notice" : null, withTrail: role == CopyRole.Rep);
                }
            }
            all[$"SupportRequests/Cards/list.json {language}"] = cards.List(await service.ListAsync(bed.Member(Claire), CancellationToken.None), bed.Member(Claire), language);
            all[$"SupportRequests/Cards/list.json {language} empty"] = cards.List([], bed.Member(Wei), language);
            all[$"Cards/notice.json {language} (request)"] = cards.Notice("Message", language);
        }
        return all;
    }

    [Fact]
    public async Task EverySupportRequestCardInBothLanguagesParsesCleanly()
    {
        var cards = await EveryCardAsync();

        var results = await CardValidator.ValidateAsync(cards);

        Assert.Equal(2 * (2 + 5 * 4 + 3), cards.Count);
        var failures = results.Where(r => r.Value.Count > 0).Select(r => $"{r.Key}: {string.Join("; ", r.Value)}").ToList();
        Assert.Empty(failures);
    }

    [Fact]
    public async Task EachHolderSeesOnlyTheButtonsOfTheirRoleForTheRequestsState()
    {
        var cards = await EveryCardAsync();

        string Verbs(string name) => string.Join(",", CardText.Elements(cards[name]).Select(e => e["verb"]?.GetValue<string>()).OfType<string>());

        Assert.Equal("request.acknowledge,request.decline", Verbs("SupportRequests/Cards/request.json en Open/None Lead"));
        Assert.Equal("request.deliver", Verbs("SupportRequests/Cards/request.json en Acknowledged/None Lead"));
        Assert.Equal("request.nudge,request.escalate,request.close", Verbs("SupportRequests/Cards/request.json en Open/None Director"));
        Assert.Equal("", Verbs("SupportRequests/Cards/request.json en Open/None Sponsor"));
        Assert.Equal("request.nudge,request.close", Verbs("SupportRequests/Cards/request.json fr Open/Sponsor Sponsor"));
        Assert.Equal("request.comment,request.withdraw", Verbs("SupportRequests/Cards/request.json fr Open/None Rep"));
        Assert.Equal("", Verbs("SupportRequests/Cards/request.json en Declined/None Lead"));
        Assert.Equal("", Verbs("SupportRequests/Cards/request.json en Closed/None Director"));
        Assert.Contains("1,250,000 MAD", CardText.Joined(cards["SupportRequests/Cards/request.json en Open/None Lead"]));
    }
}
