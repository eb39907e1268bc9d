using System.Text;

namespace CoachBot.Cards;

/// <summary>
/// Text from outside (a name Teams or a roster file gives, what someone typed) shown in a <c>TextBlock</c> or a fact,
/// whose text Teams reads as markdown: the characters that make emphasis, links or code are escaped with a backslash,
/// and so are the list and quote markers at the start of a line, so the text reads as written and never becomes a link.
/// <see cref="CardTemplate"/> applies it to every value it binds into those places; markdown lives in templates only.
/// </summary>
public static class PlainText
{
    public static string Escape(string text)
    {
        StringBuilder? escaped = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var lineStart = i == 0 || text[i - 1] is '\n' or '\r';
            if (c is '\\' or '*' or '_' or '[' or ']' or '`' || (lineStart && c is '-' or '+' or '#' or '>'))
            {
                escaped ??= new StringBuilder(text, 0, i, text.Length + 8);
                escaped.Append('\\');
            }
            escaped?.Append(c);
        }
        return escaped?.ToString() ?? text;
    }
}
