using System.Text.Json.Nodes;
using CoachBot.Cards;
using CoachBot.Features;
using CoachBot.Localization;

namespace CoachBot.Roster;

/// <summary>The welcome card each role gets on install, and the help card listing what a member can do.</summary>
public sealed class Onboarding(Organization organization, Texts texts, IEnumerable<Features.IFeature> features)
{
    public static readonly ChatCommand Help = new("help", "aide", "cmd_help");
    public static readonly ChatCommand Language = new("language en|fr", "langue fr|en", "cmd_language");

    /// <summary>Every chat command: the built-in ones, then each feature's, as the help card lists them.</summary>
    public IReadOnlyList<ChatCommand> Commands { get; } = [Help, Language, .. features.SelectMany(f => f.Commands)];

    // What each role gets, and the command of the feature that brings it: the welcome card only promises what runs.
    private static readonly IReadOnlyDictionary<Role, (string Key, string Command)[]> Duties = new Dictionary<Role, (string, string)[]>
    {
        [Role.Rep] = [("does_rep_1", "checkin"), ("does_rep_2", "my programme"), ("does_rep_3", "request")],
        [Role.BusinessUnitLead] = [("does_lead_1", "requests"), ("does_lead_2", "team"), ("does_lead_3", "my programme")],
        [Role.Director] = [("does_director_1", "requests"), ("does_director_2", "team"), ("does_director_3", "my programme")],
        [Role.Sponsor] = [("does_sponsor_1", "requests"), ("does_sponsor_2", "team"), ("does_sponsor_3", "my programme")],
        [Role.Admin] = [("does_admin_1", "roster")],
    };

    private readonly HashSet<string> _available = features.SelectMany(f => f.Commands).Select(c => c.English).ToHashSet(StringComparer.Ordinal);

    /// <summary>What a command of another role is, and whose it is: "\"export\" is for the export sales director: ...".</summary>
    public string NotYours(ChatCommand command, string language) => texts.Format(language, "command_not_yours",
        language == Languages.French ? command.French : command.English,
        string.Join(texts.Get(language, "command_for_and"), (command.For ?? new HashSet<Role>()).Order().Select(role => texts.Get(language, "command_for_" + role))),
        texts.Get(language, command.DescriptionKey));

    public JsonObject WelcomeCard(RosterMember member, string language)
    {
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Format(language, "welcome_title", member.Name),
            ["roles"] = new JsonArray(RoleLabels(member, language).Select(label => (JsonNode)new JsonObject { ["label"] = label }).ToArray()),
            ["duties"] = new JsonArray(DutiesOf(member).Select(key => (JsonNode)new JsonObject { ["line"] = texts.Get(language, key) }).ToArray()),
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

    private List<string> DutiesOf(RosterMember member)
    {
        var keys = member.Roles.Order().SelectMany(role => Duties[role])
            .Where(duty => _available.Any(usage => usage == duty.Command || usage.StartsWith(duty.Command + " ", StringComparison.Ordinal)))
            .Select(duty => duty.Key)
            .Distinct()
            .ToList();
        return keys.Count > 0 ? keys : ["does_none"];
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
                Role.Admin => texts.Get(language, "role_admin"),
                Role.Sponsor => texts.Format(language, member.SponsoredRegions.Count > 1 ? "role_sponsor_many" : "role_sponsor",
                    string.Join(", ", member.SponsoredRegions.Select(RegionName))),
                _ => throw new ArgumentOutOfRangeException(nameof(member), role, "Unknown role."),
            };
        }
    }

    private string RegionName(string? id) =>
        id is not null && organization.Regions.TryGetValue(id, out var region) && region.Name.Length > 0 ? region.Name : id ?? "";

    private string BusinessUnitName(string id) =>
        organization.BusinessUnits.TryGetValue(id, out var unit) && unit.Name.Length > 0 ? unit.Name : id;
}
