namespace CoachBot.Tests.Infrastructure;

/// <summary>The roster the functional tests run with: one person per role, two regions, a rep known only by e-mail.</summary>
public static class TestRoster
{
    public static readonly TeamsUserAccount Director = new("Claire Fontaine", "11111111-0000-0000-0000-000000000001", "fr-FR");
    public static readonly TeamsUserAccount Sponsor = new("Marc Delorme", "11111111-0000-0000-0000-000000000002", "en-GB");
    public static readonly TeamsUserAccount Lead = new("Hugo Bernard", "11111111-0000-0000-0000-000000000003", "en-US");
    public static readonly TeamsUserAccount Rep = new("Amina Haddad", "11111111-0000-0000-0000-000000000004", "fr-FR");
    public static readonly TeamsUserAccount EnglishRep = new("Wei Lin", "11111111-0000-0000-0000-000000000005", "en-US");

    /// <summary>On the roster by e-mail only: the bot must ask Teams for the e-mail to match them.</summary>
    public static readonly TeamsUserAccount EmailOnlyRep = new("Priya Nair", "11111111-0000-0000-0000-000000000006", "en-US");
    public const string EmailOnlyRepEmail = "Priya.Nair@coachbot.example";

    public static readonly TeamsUserAccount Stranger = new("Eve Outsider", "99999999-0000-0000-0000-000000000009", "en-US");

    public static Dictionary<string, string?> Settings() => new()
    {
        ["Organization:DefaultLanguage"] = "en",
        // Required outside Development; the tenant every test activity carries.
        ["Organization:TenantId"] = TeamsActivities.TenantId,
        ["Organization:Director:Name"] = Director.Name,
        ["Organization:Director:AadObjectId"] = Director.AadObjectId,
        ["Organization:Regions:0:Id"] = "mea",
        ["Organization:Regions:0:Name"] = "Middle East & Africa",
        ["Organization:Regions:0:TimeZone"] = "Africa/Casablanca",
        ["Organization:Regions:0:Sponsor:Name"] = Sponsor.Name,
        ["Organization:Regions:0:Sponsor:AadObjectId"] = Sponsor.AadObjectId,
        ["Organization:Regions:0:Holidays:0"] = "2026-12-25",
        ["Organization:Regions:1:Id"] = "apac",
        ["Organization:Regions:1:Name"] = "Asia-Pacific",
        ["Organization:Regions:1:TimeZone"] = "Asia/Singapore",
        ["Organization:BusinessUnits:0:Id"] = "pumps",
        ["Organization:BusinessUnits:0:Name"] = "Pumps & Valves",
        ["Organization:BusinessUnits:0:InternationalObjective"] = "12000000",
        ["Organization:BusinessUnits:0:Leads:0:Name"] = Lead.Name,
        ["Organization:BusinessUnits:0:Leads:0:AadObjectId"] = Lead.AadObjectId,
        ["Organization:Reps:0:Name"] = Rep.Name,
        ["Organization:Reps:0:AadObjectId"] = Rep.AadObjectId,
        ["Organization:Reps:0:Region"] = "mea",
        ["Organization:Reps:1:Name"] = EnglishRep.Name,
        ["Organization:Reps:1:AadObjectId"] = EnglishRep.AadObjectId,
        ["Organization:Reps:1:Region"] = "apac",
        ["Organization:Reps:2:Name"] = EmailOnlyRep.Name,
        ["Organization:Reps:2:Email"] = EmailOnlyRepEmail,
        ["Organization:Reps:2:Region"] = "apac",
        // Required outside Development (export links are signed with it); the tests that start the bot in Production need one.
        ["Digests:ExportSigningKey"] = "test-export-signing-key-0123456789abcdef",
    };
}
