using CoachBot.Localization;
using CoachBot.SupportRequests;

namespace CoachBot.Tests.Localization;

/// <summary>The wording points of issue 19, across the features' strings: one word for each thing, in both languages.</summary>
public sealed class WordingTests
{
    private static readonly Texts Texts = new();

    public static TheoryData<string> FrenchKeys() => [.. Texts.For(Languages.French).Keys];

    [Theory]
    [MemberData(nameof(FrenchKeys))]
    public void FrenchTextsUseTheTypographicApostrophe(string key) =>
        Assert.DoesNotContain("'", Texts.Get(Languages.French, key), StringComparison.Ordinal);

    /// <summary>Requests say « appui »: check-ins, digests, coaching and the welcome card say the same.</summary>
    [Theory]
    [MemberData(nameof(FrenchKeys))]
    public void TheBusinessUnitsHelpIsCalledAppuiInFrench(string key) =>
        Assert.DoesNotContain("soutien", Texts.Get(Languages.French, key), StringComparison.OrdinalIgnoreCase);

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void AnObjectionHasTheSameLabelInTheRequestsAndInTheDigests(string language)
    {
        foreach (var category in Enum.GetValues<ObjectionCategory>())
        {
            Assert.Equal(Texts.Get(language, $"request_objection_{category}"), Texts.Get(language, $"objection_{category}"));
        }
        Assert.Equal("Priorité aux clients domestiques", Texts.Get(Languages.French, "objection_DomesticPriority"));
    }

    [Fact]
    public void TheConfidenceScaleSaysConfidenceInWhatAndHasNoGender()
    {
        Assert.Equal(
            ["1 – aucune confiance", "2 – faible confiance", "3 – confiance moyenne", "4 – bonne confiance", "5 – très bonne confiance"],
            Enumerable.Range(1, 5).Select(n => Texts.Get(Languages.French, $"checkin_confidence_{n}")));
        Assert.Equal("Confiance dans vos affaires des semaines à venir", Texts.Get(Languages.French, "checkin_label_confidence"));
        Assert.Equal("Confidence in your deals for the weeks ahead", Texts.Get(Languages.English, "checkin_label_confidence"));
    }

    [Fact]
    public void TheWordsIssue19NamedAreFixed()
    {
        Assert.Equal("Commercial(e) export, région {0}", Texts.Get(Languages.French, "role_rep"));
        Assert.Equal("Date souhaitée", Texts.Get(Languages.French, "request_label_due"));
        Assert.Contains("(dernière action de {1})", Texts.Get(Languages.French, "request_refused_state"));
        Assert.Contains("n’a pas été traité", Texts.Get(Languages.French, "turn_error"));
        Assert.Equal("You asked to see this prompt again (reminder {0} of {1}).", Texts.Get(Languages.English, "coaching_resend"));
        // The progress names the third count as the button does (Not relevant), and no reason line says "Why this prompt".
        Assert.Equal("done {0} · later {1} · not relevant {2}", Texts.Get(Languages.English, "coaching_progress_counts"));
        Assert.Contains(Texts.Get(Languages.French, "coaching_not_relevant").ToLowerInvariant(), Texts.Get(Languages.French, "coaching_progress_counts"), StringComparison.Ordinal);
        Assert.All(Texts.For(Languages.English).Where(t => t.Key.StartsWith("coaching_why_", StringComparison.Ordinal)),
            t => Assert.StartsWith("Why this one: ", t.Value, StringComparison.Ordinal));
        Assert.Equal(("Save", "Enregistrer"), (Texts.Get(Languages.English, "coaching_save"), Texts.Get(Languages.French, "coaching_save")));
    }
}
