using CoachBot.Teams.Delivery;

namespace CoachBot.Scheduling;

/// <summary>
/// What a campaign job's firing sent, summed over its campaigns (recipients, sent now, already sent before, skipped by
/// the delivery, failed, including people the bot can no longer reach), and, when it sent nothing, why in plain words
/// for an operator: the admin run route answers with it and <c>GET /api/admin/jobs</c> shows the last one.
/// </summary>
public sealed record RunSummary(int Recipients, int Sent, int AlreadySent, int Skipped, int Failed, string? Why)
{
    /// <summary>A firing that sent nothing because of <paramref name="why"/>, before any campaign ran.</summary>
    public static RunSummary Nothing(string why) => new(0, 0, 0, 0, 0, why);

    /// <summary>
    /// The sum of <paramref name="results"/>; when nothing was sent, <paramref name="nobody"/> says why if there was no
    /// recipient at all, else the counts do (already sent to all, failed, skipped).
    /// </summary>
    public static RunSummary Of(IEnumerable<CampaignResult> results, string nobody)
    {
        var list = results.ToList();
        var recipients = list.Sum(r => r.Recipients);
        var sent = list.Sum(r => r.Sent);
        var already = list.Sum(r => r.AlreadyDone);
        var skipped = list.Sum(r => r.Skipped);
        var failed = list.Sum(r => r.Failed + r.Inactive);
        return new RunSummary(recipients, sent, already, skipped, failed, sent > 0 ? null : WhyNothing(list, recipients, already, skipped, failed, nobody));
    }

    public static RunSummary Of(CampaignResult result, string nobody) => Of([result], nobody);

    private static string WhyNothing(List<CampaignResult> results, int recipients, int already, int skipped, int failed, string nobody)
    {
        if (recipients == 0)
        {
            return nobody;
        }
        var campaigns = string.Join(", ", results.Where(r => r.Recipients > 0).Select(r => r.CampaignId));
        if (already == recipients)
        {
            return $"already sent to all {recipients} for {campaigns}";
        }
        var parts = new List<string>();
        if (already > 0)
        {
            parts.Add($"{already} already sent");
        }
        if (failed > 0)
        {
            parts.Add($"{failed} failed or no longer reachable");
        }
        if (skipped > 0)
        {
            parts.Add($"{skipped} skipped");
        }
        var rest = recipients - already - failed - skipped;
        if (rest > 0)
        {
            parts.Add($"{rest} left for a later run");
        }
        return $"nothing sent to the {recipients} recipients of {campaigns}: {string.Join(", ", parts)}";
    }
}

/// <summary>A firing that did no work: another instance holds the job's lease, or the fire time was already run; why in plain words.</summary>
public sealed record JobSkip(string Why);
