using System.Globalization;
using System.Text;

namespace CoachBot.Localization;

/// <summary>Text compared the way people type it: case, accents and extra spaces never matter.</summary>
public static class Folding
{
    /// <summary>Lower case without accents or extra spaces: <c>Amína  HADDAD</c> → <c>amina haddad</c>, <c>Équipe</c> → <c>equipe</c>.</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Trim().Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                folded.Append(char.ToLowerInvariant(c));
            }
        }
        return string.Join(' ', folded.ToString().Normalize(NormalizationForm.FormC).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
