namespace CoachBot.Tests.Infrastructure;

/// <summary>Who is on the roster of a <see cref="BotTestBed"/> besides the test roster.</summary>
internal enum BedRoster
{
    /// <summary>Nadia and Omar, two more reps in "mea", and a week of holidays there at the turn of the year; the admin API key.</summary>
    RepsInMea,

    /// <summary>Karim, a second lead of "pumps"; Sofia, lead of another BU ("automation"); Mei, sponsor of "apac".</summary>
    MoreLeads,
}

/// <summary>The people and the moments the tests use.</summary>
internal sealed partial class BotTestBed
{
    /// <summary>Friday of 2026-W48, 15:00 in Casablanca (UTC+1): when that week's check-in goes out in "mea".</summary>
    public static readonly DateTimeOffset FridayW48 = new(2026, 11, 27, 15, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Tuesday of 2026-W49, 09:30 in Casablanca (UTC+1): when that week's coaching prompts go out in "mea".</summary>
    public static readonly DateTimeOffset TuesdayW49 = new(2026, 12, 1, 9, 30, 0, TimeSpan.FromHours(1));

    /// <summary>Monday 30 November 2026, 08:00 in Paris: the director's digest of 2026-W48 goes out.</summary>
    public static readonly DateTimeOffset MondayW49 = new(2026, 11, 30, 8, 0, 0, TimeSpan.FromHours(1));

    /// <summary>Friday 27 November 2026, 10:00 in Paris (09:00 UTC): a business hour for the BUs.</summary>
    public static readonly DateTimeOffset FridayMorning = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    public const string Casablanca = "Africa/Casablanca";
    public const string Paris = "Europe/Paris";

    // BedRoster.RepsInMea
    public static readonly TeamsUserAccount Nadia = new("Nadia Amrani", "11111111-0000-0000-0000-000000000007", "fr-FR");
    public static readonly TeamsUserAccount Omar = new("Omar Sy", "11111111-0000-0000-0000-000000000008", "en-US");

    // The test roster under the support-request tests' names, and BedRoster.MoreLeads
    public static readonly TeamsUserAccount Amina = TestRoster.Rep;
    public static readonly TeamsUserAccount Wei = TestRoster.EnglishRep;
    public static readonly TeamsUserAccount Hugo = TestRoster.Lead;
    public static readonly TeamsUserAccount Karim = new("Karim Mansour", "11111111-0000-0000-0000-000000000011", "fr-FR");
    public static readonly TeamsUserAccount Sofia = new("Sofia Rossi", "11111111-0000-0000-0000-000000000012", "en-US");
    public static readonly TeamsUserAccount Claire = TestRoster.Director;
    public static readonly TeamsUserAccount Marc = TestRoster.Sponsor;
    public static readonly TeamsUserAccount Mei = new("Mei Tan", "11111111-0000-0000-0000-000000000013", "en-US");

    /// <summary>Everyone of <see cref="BedRoster.MoreLeads"/> who is in a Teams chat (not the e-mail-only rep).</summary>
    public static readonly TeamsUserAccount[] Everyone = [Amina, Wei, Hugo, Karim, Sofia, Claire, Marc, Mei];

    /// <summary>The settings that put a roster's people on top of the test roster.</summary>
    public static Dictionary<string, string?> SettingsOf(BedRoster roster) => roster switch
    {
        BedRoster.RepsInMea => new()
        {
            ["Organization:Reps:3:Name"] = Nadia.Name,
            ["Organization:Reps:3:AadObjectId"] = Nadia.AadObjectId,
            ["Organization:Reps:3:Region"] = "mea",
            ["Organization:Reps:3:Language"] = "fr",
            ["Organization:Reps:4:Name"] = Omar.Name,
            ["Organization:Reps:4:AadObjectId"] = Omar.AadObjectId,
            ["Organization:Reps:4:Region"] = "mea",
            // 2026-W52 loses Christmas (already on the test roster); 2026-W53 (28 Dec to 1 Jan) is all holidays.
            ["Organization:Regions:0:Holidays:1"] = "2026-12-28",
            ["Organization:Regions:0:Holidays:2"] = "2026-12-29",
            ["Organization:Regions:0:Holidays:3"] = "2026-12-30",
            ["Organization:Regions:0:Holidays:4"] = "2026-12-31",
            ["Organization:Regions:0:Holidays:5"] = "2027-01-01",
            ["Admin:ApiKey"] = "test-admin-key",
        },
        BedRoster.MoreLeads => new()
        {
            ["Organization:BusinessUnits:0:Leads:1:Name"] = Karim.Name,
            ["Organization:BusinessUnits:0:Leads:1:AadObjectId"] = Karim.AadObjectId,
            ["Organization:BusinessUnits:1:Id"] = "automation",
            ["Organization:BusinessUnits:1:Name"] = "Automation",
            ["Organization:BusinessUnits:1:InternationalObjective"] = "5000000",
            ["Organization:BusinessUnits:1:Leads:0:Name"] = Sofia.Name,
            ["Organization:BusinessUnits:1:Leads:0:AadObjectId"] = Sofia.AadObjectId,
            ["Organization:Regions:1:Sponsor:Name"] = Mei.Name,
            ["Organization:Regions:1:Sponsor:AadObjectId"] = Mei.AadObjectId,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(roster)),
    };
}
