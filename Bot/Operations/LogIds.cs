using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CoachBot.Operations;

/// <summary>
/// How logs name a person without personal data: an Entra object id as it is (an opaque GUID the directory resolves for
/// those allowed to), anything else (a member id that is an e-mail) as a short hash, the same on every instance.
/// </summary>
public static class LogIds
{
    public static string Person(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "none";
        }
        if (Guid.TryParse(id, out var objectId))
        {
            return objectId.ToString("D");
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(id.Trim().ToLowerInvariant()));
        return "h:" + Convert.ToHexString(hash, 0, 6).ToLower(CultureInfo.InvariantCulture);
    }
}
