using System.Text.Json.Nodes;
using CoachBot.Cards;
using CoachBot.Localization;

namespace CoachBot.Roster;

/// <summary>A chat command: its English and French words, what it does, and who may use it (null: everyone on the roster).</summary>
public sealed record ChatCommand(string English, string French, string DescriptionKey, IReadOnlySet<Role>? For = null)
{
    public bool IsFor(RosterMember member) => For is null || For.Overlaps(member.Roles);

    /// <summary>True when <paramref name="word"/> (lower case) is the command's first word in either language.</summary>
    public bool IsInvokedBy(string word) => word == FirstWord(English) || word == FirstWord(French);

    private static string FirstWord(string usage) => usage.Split(' ', 2)[0];
}

/// <summary>The welcome card each role gets on install, and the help card listing what a member can do.</summary>
public sealed class Onboarding(Organization organization, Texts texts)
{
    public static readonly ChatCommand Help = new("help", "aide", "cmd_help");
    public static readonly ChatCommand Language = new("language en|fr", "langue fr|en", "cmd_language");

    private static readonly IReadOnlyList<ChatCommand> Commands = [Help, Language];

    private static readonly IReadOnlyDictionary<Role, string[]> Duties = new Dictionary<Role, string[]>
    {
        [Role.Rep] = ["does_rep_1", "does_rep_2", "does_rep_3"],
        [Role.BusinessUnitLead] = ["does_lead_1", "does_lead_2"],
        [Role.Director] = ["does_director_1", "does_director_2"],
        [Role.Sponsor] = ["does_sponsor_1", "does_sponsor_2"],
    };

    public JsonObject WelcomeCard(RosterMember member, string language)
    {
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Format(language, "welcome_title", member.Name),
            ["roles"] = new JsonArray(RoleLabels(member, language).Select(label => (JsonNode)new JsonObject { ["label"] = label }).ToArray()),
            ["duties"] = new JsonArray(member.Roles.Order().SelectMany(role => Duties[role])
                .Select(key => (JsonNode)new JsonObject { ["line"] = texts.Get(language, key) }).ToArray()),
        };
        return CardTemplate.Load("Roster/Cards/welcome.json").Fill(data);
    }

    public JsonObject HelpCard(RosterMember member, string language)
    {
        var french = language == Languages.French;
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["commands"] = new JsonArray(Commands.Where(c => c.IsFor(member)).Select(c => (JsonNode)new JsonObject
            {
                ["command"] = french ? c.French : c.English,
                ["description"] = texts.Get(language, c.DescriptionKey),
            }).ToArray()),
        };
        return CardTemplate.Load("Roster/Cards/help.json").Fill(data);
    }

    private IEnumerable<string> RoleLabels(RosterMember member, string language)
    {
        foreach (var role in member.Roles.Order())
        {
            yield return role switch
            {
                Role.Rep => texts.Format(language, "role_rep", RegionName(member.RegionId)),
                Role.BusinessUnitLead => texts.Format(language, "role_lead", string.Join(", ", member.LedBusinessUnits.Select(BusinessUnitName))),
                Role.Director => texts.Get(language, "role_director"),
                Role.Sponsor => texts.Format(language, "role_sponsor", string.Join(", ", member.SponsoredRegions.Select(RegionName))),
                _ => throw new ArgumentOutOfRangeException(nameof(member), role, "Unknown role."),
            };
        }
    }

    private string RegionName(string? id) =>
        id is not null && organization.Regions.TryGetValue(id, out var region) && region.Name.Length > 0 ? region.Name : id ?? "";

    private string BusinessUnitName(string id) =>
        organization.BusinessUnits.TryGetValue(id, out var unit) && unit.Name.Length > 0 ? unit.Name : id;
}
