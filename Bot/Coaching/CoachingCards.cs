using System.Text.Json.Nodes;
using CoachBot.Cards;
using CoachBot.CheckIns;
using CoachBot.Features;
using CoachBot.Localization;
using CoachBot.Roster;
using Microsoft.Extensions.Options;

namespace CoachBot.Coaching;

/// <summary>The coaching cards (prompt, answer, progress) in the person's language, from the templates under <c>Coaching/Cards/</c>.</summary>
public sealed class CoachingCards(
    Texts texts, CoachingProgramme programme, CoachingCalendar calendar, Organization organization, IOptions<CheckInOptions> checkInOptions)
{
    public const string DoneVerb = "coaching.done";
    public const string LaterVerb = "coaching.later";
    public const string SkipVerb = "coaching.skip";

    /// <summary>The card for a view: the prompt to answer, the answer stored, or a notice.</summary>
    public JsonObject For(CoachingView view, string language) => view switch
    {
        { Kind: CoachingViewKind.Prompt, Record: { } record, Prompt: { } prompt } => Prompt(record, prompt, view.Previous, view.Values, view.Error, language),
        { Kind: CoachingViewKind.Answered or CoachingViewKind.AlreadyAnswered, Record: { } record, Prompt: { } prompt } =>
            Answered(record, prompt, view.Previous, already: view.Kind == CoachingViewKind.AlreadyAnswered, language),
        _ => Notice(texts.Get(language, "coaching_not_found"), language),
    };

    public JsonObject Prompt(
        CoachingRecord record, CoachingPrompt prompt, CoachingRecord? previous, IReadOnlyDictionary<string, string?>? values, FieldError? error, string language)
    {
        var followUp = values?.GetValueOrDefault(CoachingService.FollowUp) ?? FollowUpValue(previous?.FollowUp);
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["title"] = texts.Format(language, "coaching_title", record.Week.Week),
            ["theme"] = programme.Theme(prompt.Theme).Label.In(language),
            ["hasFollowUp"] = previous?.Commitment is not null,
            ["followUpQuestion"] = previous?.Commitment is { } commitment ? texts.Format(language, "coaching_follow_up", commitment) : "",
            ["resend"] = record.Resent > 0,
            ["resendNote"] = texts.Format(language, "coaching_resend", record.Resent, CoachingService.MaxLater),
            ["prompt"] = Text(prompt.Prompt, language),
            ["why"] = Why(record.Reason, prompt, language),
            ["error"] = error is null ? "" : texts.Format(language, error.ReasonKey, error.Arguments),
            ["question"] = Text(prompt.Question, language),
            ["commitment"] = prompt.Commitment,
            ["maxReflection"] = CoachingService.MaxReflectionLength,
            ["maxCommitment"] = CoachingService.MaxCommitmentLength,
            ["values"] = new JsonObject
            {
                [CoachingService.Reflection] = values?.GetValueOrDefault(CoachingService.Reflection) ?? record.Reflection ?? "",
                [CoachingService.Commitment] = values?.GetValueOrDefault(CoachingService.Commitment) ?? "",
                [CoachingService.FollowUp] = followUp ?? "",
            },
            ["canLater"] = record.LaterCount < CoachingService.MaxLater,
            ["week"] = record.Week.ToString(),
            ["promptId"] = prompt.Id,
        };
        return CardTemplate.Load("Coaching/Cards/prompt.json").Fill(data);
    }

    public JsonObject Answered(CoachingRecord record, CoachingPrompt prompt, CoachingRecord? previous, bool already, string language)
    {
        var facts = new List<(string Key, string? Value)>
        {
            ("coaching_fact_answer", texts.Get(language, record.Outcome switch
            {
                CoachingOutcome.Done => "coaching_saved",
                CoachingOutcome.Later => "coaching_later",
                _ => "coaching_not_relevant",
            })),
            ("coaching_fact_reflection", record.Reflection),
            ("coaching_fact_commitment", record.Commitment),
            ("coaching_fact_follow_up", previous?.FollowUp is { } reported ? $"{previous.Commitment} ({FollowUpLabel(reported, language)})" : null),
        };
        var note = already ? texts.Get(language, "coaching_note_already") : record.Outcome switch
        {
            CoachingOutcome.Done when record.Commitment is not null => texts.Get(language, "coaching_note_done_commitment"),
            CoachingOutcome.Done => texts.Get(language, "coaching_note_done"),
            CoachingOutcome.Later => texts.Format(language, "coaching_note_later", When(record, language)),
            _ => texts.Get(language, "coaching_note_not_relevant"),
        };
        var data = new JsonObject
        {
            ["title"] = texts.Format(language, "coaching_title", record.Week.Week),
            ["note"] = note,
            ["prompt"] = Text(prompt.Prompt, language),
            ["facts"] = new JsonArray(facts.Where(f => !string.IsNullOrEmpty(f.Value))
                .Select(f => (JsonNode)new JsonObject { ["title"] = texts.Get(language, f.Key), ["value"] = f.Value }).ToArray()),
        };
        return CardTemplate.Load("Coaching/Cards/answered.json").Fill(data);
    }

    public JsonObject Progress(CoachingProgress progress, string language)
    {
        var answered = progress.Themes.Any(t => t.Done + t.Later + t.Skipped + t.Waiting > 0);
        var waiting = progress.Themes.Sum(t => t.Waiting);
        var intro = texts.Format(language, "coaching_progress_intro", progress.Done, progress.TrackLength);
        var data = new JsonObject
        {
            ["text"] = texts.AsJson(language),
            ["intro"] = !answered ? texts.Get(language, "coaching_progress_empty")
                : waiting == 0 ? intro
                : $"{intro} {texts.Plural(language, "coaching_progress_waiting", waiting)}",
            ["themes"] = new JsonArray(progress.Themes.Select(t => (JsonNode)new JsonObject
            {
                ["label"] = t.Theme.Label.In(language),
                ["counts"] = t.Waiting == 0
                    ? texts.Format(language, "coaching_progress_counts", t.Done, t.Later, t.Skipped)
                    : texts.Format(language, "coaching_progress_counts_waiting", t.Done, t.Later, t.Skipped, t.Waiting),
            }).ToArray()),
            ["commitment"] = progress.OpenCommitment is { } open
                ? texts.Format(language, "coaching_progress_commitment", open.Week.Week, open.Commitment)
                : "",
        };
        return CardTemplate.Load("Coaching/Cards/progress.json").Fill(data);
    }

    public JsonObject Notice(string message, string language) => CardTemplate.Load("Cards/notice.json").Fill(new JsonObject
    {
        ["title"] = texts.Get(language, "coaching_progress_title"),
        ["message"] = message,
    });

    /// <summary>The one line that says why this prompt was chosen, naming the figures for a trigger and the theme otherwise.</summary>
    public string Why(SelectionReason reason, CoachingPrompt prompt, string language) => reason.Trigger switch
    {
        CoachingTracks.PresenceLow => texts.Format(language, "coaching_why_presence-low-2w",
            texts.Percent(reason.EarlierRate, language), texts.Percent(reason.LastRate, language), texts.Percent(reason.Target, language)),
        CoachingTracks.NoVisitsPlanned => texts.Format(language, "coaching_why_no-visits-planned", reason.Number),
        CoachingTracks.RequestDeclined => texts.Format(language, "coaching_why_bu-request-declined-14d",
            reason.Date is { } date ? Texts.DayAndMonth(date, language) : null, reason.Name),
        CoachingTracks.RepUnderTarget => texts.Format(language, "coaching_why_rep-under-target-3w", reason.Name, texts.Percent(reason.Target, language)),
        CoachingTracks.FirstWeeks => texts.Format(language, "coaching_why_first-4-weeks", reason.Number),
        CoachingTracks.ConfidenceLow => texts.Format(language, "coaching_why_confidence-low-2w", reason.EarlierNumber, reason.Number),
        CoachingTracks.Blocker => texts.Format(language, "coaching_why_blocker-theme", reason.Name, programme.Theme(prompt.Theme).Label.In(language)),
        SelectionReason.SmallerStep => texts.Format(language, "coaching_why_smaller-step", programme.Theme(prompt.Theme).Label.In(language)),
        SelectionReason.NextLevel => texts.Format(language, "coaching_why_next-level", programme.Theme(prompt.Theme).Label.In(language), reason.Number),
        _ => texts.Format(language, "coaching_why_programme", programme.Theme(prompt.Theme).Label.In(language)),
    };

    /// <summary>A text of the programme in the person's language, its placeholders filled from configuration.</summary>
    public string Text(LocalizedText text, string language) =>
        text.In(language).Replace(CoachingPlaceholders.PresenceTarget, texts.Percent(checkInOptions.Value.PresenceTarget, language), StringComparison.Ordinal);

    private string When(CoachingRecord record, string language) =>
        record.LaterDueAt is { } due && organization.FindById(record.MemberId) is { } member
            ? texts.When(calendar.LocalTime(member, due), language)
            : "";

    private string FollowUpLabel(CommitmentFollowUp followUp, string language) => texts.Get(language, followUp switch
    {
        CommitmentFollowUp.Done => "coaching_follow_up_done",
        CommitmentFollowUp.Partly => "coaching_follow_up_partly",
        _ => "coaching_follow_up_not_yet",
    });

    private static string? FollowUpValue(CommitmentFollowUp? followUp) => followUp switch
    {
        CommitmentFollowUp.Done => "done",
        CommitmentFollowUp.Partly => "partly",
        CommitmentFollowUp.NotYet => "notYet",
        _ => null,
    };
}
