using System.Globalization;
using System.Text;

namespace CoachBot.Storage;

/// <summary>Makes any text safe as a Table Storage PartitionKey or RowKey.</summary>
public static class TableKeys
{
    /// <summary>
    /// Table Storage forbids / \ # ? and control characters in keys, so those (and the escape character itself) are
    /// written as %XX: <c>msteams/conversations/a:1</c> is stored as <c>msteams%2Fconversations%2Fa:1</c>. Every stored
    /// key was written this way, so the escaping must never change.
    /// </summary>
    public static string Escape(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var builder = new StringBuilder(key.Length + 16);
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }
}
