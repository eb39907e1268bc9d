using System.Globalization;
using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;

namespace CoachBot.Digests;

/// <summary>
/// The digests' chat commands: <c>team</c> for the director (everyone) and sponsors (their regions), <c>brief NAME</c>
/// and <c>export</c> for the director only (the commands' roles: others are told whose they are before they get here).
/// Who asks always comes from the <see cref="Caller"/>.
/// </summary>
public sealed class DigestFeature(DigestService service, DigestCards cards, ExportLinks links, Texts texts, Organization organization, TimeProvider clock) : IFeature
{
    private static readonly IReadOnlySet<Role> DirectorAndSponsors = new HashSet<Role> { Role.Director, Role.Sponsor };
    private static readonly IReadOnlySet<Role> Director = new HashSet<Role> { Role.Director };

    public static readonly ChatCommand Team = new("team", "équipe", "cmd_team", DirectorAndSponsors);
    public static readonly ChatCommand Brief = new("brief NAME", "bilan NOM", "cmd_brief", Director);
    public static readonly ChatCommand Export = new("export [YYYY-MM-DD YYYY-MM-DD]", "export [AAAA-MM-JJ AAAA-MM-JJ]", "cmd_export", Director);

    /// <summary>The default export range: the last 12 weeks up to today.</summary>
    public const int DefaultExportDays = 84;

    public IReadOnlyList<ChatCommand> Commands { get; } = [Team, Brief, Export];

    public IReadOnlyList<string> Verbs { get; } = [];

    public async Task<FeatureReply> RunCommandAsync(ChatCommand command, string argument, Caller caller, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        var member = caller.Member;
        if (command == Team)
        {
            var snapshot = await service.ReadAsync(cancellationToken);
            return FeatureReply.Card(cards.Team(service.TeamTable(snapshot, member), member, language));
        }
        if (command == Brief)
        {
            return await BriefAsync(argument, caller, cancellationToken);
        }
        if (command == Export)
        {
            return ExportLinksFor(argument, language);
        }
        throw new ArgumentException($"'{command.English}' is not a digest command.", nameof(command));
    }

    public Task<FeatureReply> RunActionAsync(CardAction action, Caller caller, CancellationToken cancellationToken) =>
        throw new ArgumentException($"'{action.Verb}' is not a digest verb.", nameof(action));

    private async Task<FeatureReply> BriefAsync(string name, Caller caller, CancellationToken cancellationToken)
    {
        var language = caller.Language;
        if (string.IsNullOrWhiteSpace(name))
        {
            return FeatureReply.Text(texts.Get(language, "brief_usage"));
        }
        var lookup = service.FindRep(caller.Member, name);
        if (lookup.Found is not { } rep)
        {
            return FeatureReply.Text(lookup.Candidates.Count == 0
                ? texts.Format(language, "brief_not_found", name.Trim())
                : texts.Format(language, "brief_several", name.Trim(), string.Join(", ", lookup.Candidates.Select(c => c.Name))));
        }
        var snapshot = await service.ReadAsync(cancellationToken);
        return FeatureReply.Card(cards.Brief(service.Brief(snapshot, rep), snapshot.Now, language));
    }

    private FeatureReply ExportLinksFor(string argument, string language)
    {
        var today = DigestFigures.LocalDate(clock.GetUtcNow(), organization.DirectorTimeZone);
        var words = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        DateOnly from, to;
        if (words.Length == 0)
        {
            (from, to) = (today.AddDays(-DefaultExportDays), today);
        }
        else if (words.Length != 2 || !Day(words[0], out from) || !Day(words[1], out to))
        {
            return FeatureReply.Text(texts.Get(language, "export_usage"));
        }
        if (from > to || to.DayNumber - from.DayNumber > 2 * 366)
        {
            return FeatureReply.Text(texts.Get(language, "export_bad_range"));
        }
        var lines = new List<string>();
        foreach (var dataset in ExportLinks.Datasets)
        {
            if (links.Create(dataset, from, to) is not { } link)
            {
                return FeatureReply.Text(texts.Get(language, "export_not_configured"));
            }
            lines.Add(texts.Format(language, "export_link", texts.Get(language, $"export_{dataset}"), link.AbsoluteUri));
        }
        var culture = CultureInfo.GetCultureInfo(language);
        var expires = TimeZoneInfo.ConvertTime(links.ExpiryOfNewLinks, organization.DirectorTimeZone);
        var intro = texts.Format(language, "export_intro", Texts.LongDate(from, language), Texts.LongDate(to, language),
            Texts.DayAndMonth(DateOnly.FromDateTime(expires.DateTime), language) + expires.ToString(language == Languages.French ? " 'à' HH:mm" : " 'at' HH:mm", culture));
        return FeatureReply.Text(intro + "\n\n" + string.Join("\n\n", lines.Select(l => "- " + l)));
    }

    private static bool Day(string text, out DateOnly day) =>
        DateOnly.TryParseExact(text, ExportLinks.DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
}
