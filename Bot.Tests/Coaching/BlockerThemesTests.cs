using CoachBot.Coaching;
using CoachBot.Tests.Infrastructure;
using Xunit.Abstractions;

namespace CoachBot.Tests.Coaching;

/// <summary>
/// The theme a blocker is given, with the shipped programme's words, measured on four files of blockers with the theme a
/// coach would give them (<c>Coaching/Data/</c>): the examples file the words were learnt from, sentences written for these
/// tests before the words were, a held-out set and a fresh set never used to tune them. Each test prints its share.
/// </summary>
public sealed class BlockerThemesTests(ITestOutputHelper output)
{
    private static readonly BlockerThemes Shipped = new(ProgrammeFile.Load(new CoachingOptions().ProgrammeFile).Programme!);

    [Theory]
    [InlineData("blockers-examples.tsv", 0.90)]
    [InlineData("blockers-own.tsv", 0.90)]
    [InlineData("blockers-holdout.tsv", 0.90)]
    // Never used to tune the words: the honest measure of sentences nobody here wrote (see docs/wins-and-blockers.md).
    [InlineData("blockers-fresh.tsv", 0.80)]
    public void MostBlockersGetTheThemeACoachWouldGiveAndNoBlockerNeverGetsOne(string file, double share)
    {
        var rows = Read(file);
        var wrong = rows.Where(r => Shipped.ThemeOf(r.Text) != r.Theme).ToList();
        var right = (double)(rows.Count - wrong.Count) / rows.Count;
        output.WriteLine($"{file}: {rows.Count - wrong.Count} of {rows.Count} right ({right:P1})");
        foreach (var (_, theme, text) in wrong)
        {
            output.WriteLine($"  wanted {theme ?? "none"}, got {Shipped.ThemeOf(text) ?? "none"}: {text}");
        }

        Assert.True(rows.Count >= 30, $"{file} has {rows.Count} rows");
        Assert.True(right >= share, $"{file}: {right:P1} right, at least {share:P0} wanted");
        Assert.DoesNotContain(wrong, r => r.Theme is null);
        Assert.Contains(rows, r => r.Language == "fr");
        Assert.Contains(rows, r => r.Language == "en");
    }

    [Theory]
    [InlineData("RAS")]
    [InlineData("ras.")]
    [InlineData("R.A.S")]
    [InlineData("-")]
    [InlineData("—")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Nothing")]
    [InlineData("nothing in particular")]
    [InlineData("Rien")]
    [InlineData("Rien à signaler")]
    [InlineData("AUCUN")]
    [InlineData("Aucune")]
    [InlineData("Néant")]
    [InlineData("n/a")]
    [InlineData("No blocker, good week with two orders")]
    [InlineData("RAS, bonne semaine avec deux commandes")]
    public void WhatSaysThereIsNoBlockerGetsNoTheme(string blocker)
    {
        Assert.True(Shipped.IsNone(blocker));
        Assert.Null(Shipped.ThemeOf(blocker));
    }

    [Theory]
    [InlineData("Rien de planifié chez les clients", "visit-planning")]
    [InlineData("Aucun support de la BU sur le chiffrage technique", "cross-bu-collaboration")]
    [InlineData("Nothing booked with customers, no appointments", "visit-planning")]
    public void ABlockerThatStartsWithANoneWordIsStillABlocker(string blocker, string theme)
    {
        Assert.False(Shipped.IsNone(blocker));
        Assert.Equal(theme, Shipped.ThemeOf(blocker));
    }

    [Theory]
    [InlineData("Le transitaire est en retard", "LE TRANSITAIRE EST EN RETARD")]
    [InlineData("Bloqué en douane", "bloque en DOUANE")]
    [InlineData("Dédouanement difficile", "dedouanement difficile")]
    [InlineData("Pas de rendez-vous", "pas de rendez vous")]
    public void CaseAndAccentsDoNotMatter(string written, string typed)
    {
        Assert.NotNull(Shipped.ThemeOf(written));
        Assert.Equal(Shipped.ThemeOf(written), Shipped.ThemeOf(typed));
    }

    [Theory]
    [InlineData("meeting", "meetings")]
    [InlineData("the customer cancelled the visit", "the customers cancelled the visits")]
    [InlineData("distributeur", "distributeurs")]
    [InlineData("l'appel d'offres", "les appels d'offres")]
    [InlineData("tender", "tenders")]
    [InlineData("remise", "remises")]
    public void PluralsAndCommonEndingsFindTheSameTheme(string one, string many)
    {
        Assert.NotNull(Shipped.ThemeOf(one));
        Assert.Equal(Shipped.ThemeOf(one), Shipped.ThemeOf(many));
    }

    [Theory]
    [InlineData("meetings", "meet")]
    [InlineData("answered", "answer")]
    [InlineData("bloquées", "bloqu")]
    [InlineData("planification", "planific")]
    [InlineData("customs", "custom")]
    [InlineData("customers", "customer")]
    [InlineData("bus", "bus")]
    [InlineData("process", "process")]
    public void StemsDropUsualEndingsButKeepShortWordsWhole(string word, string stem)
    {
        Assert.Equal(stem, BlockerWords.Stem(CoachBot.Localization.Folding.Fold(word)));
    }

    [Fact]
    public void APhraseOutweighsASingleWordOfAnotherTheme()
    {
        // "letter of credit" (payment terms, three words) beats "offer" (offer building, one word).
        Assert.Equal("payment-terms", Shipped.ThemeOf("The offer waits for the letter of credit"));
    }

    [Fact]
    public void EveryRepThemeOfTheShippedProgrammeHasWordsInBothLanguagesAndNoOtherThemeHasAny()
    {
        var programme = ProgrammeFile.Load(new CoachingOptions().ProgrammeFile).Programme!;

        foreach (var theme in programme.Themes)
        {
            if (theme.Tracks.Contains(CoachingTracks.Rep))
            {
                Assert.NotEmpty(theme.BlockerWords!.En!);
                Assert.NotEmpty(theme.BlockerWords!.Fr!);
            }
            else
            {
                Assert.Null(theme.BlockerWords);
            }
        }
        Assert.Equal("Négociation", Shipped.Label("negotiation", "fr"));
        Assert.Equal("golf", Shipped.Label("golf", "en"));
    }

    internal static List<(string Language, string? Theme, string Text)> Read(string file) =>
        File.ReadLines(Repository.PathOf("Bot.Tests", "Coaching", "Data", file))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(p => (p[0], p[1] == "none" ? null : p[1], p[2]))
            .ToList();
}
