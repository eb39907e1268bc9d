using System.Globalization;
using System.Text.RegularExpressions;
using CoachBot.Features;

namespace CoachBot.SupportRequests;

/// <summary>Who holds a copy of a request's card, and in which role it was sent to them.</summary>
public enum CopyRole
{
    Rep,
    Lead,
    Director,
    Sponsor,
}

/// <summary>One copy of a request's card: whose it is and the Teams activity id it was sent as, so it can be updated in place.</summary>
public sealed record CardCopy(CopyRole Role, string MemberId, string AadObjectId, string ActivityId);

/// <summary>
/// A support request as stored: what readers see of it (<see cref="SupportRequestSnapshot"/>: what the rep asked, where
/// it stands, its audit trail), and what only the feature needs: the rep's Entra object id, every copy of its card and
/// the form it was opened from.
/// </summary>
public sealed record SupportRequest : SupportRequestSnapshot
{
    public SupportRequest(SupportRequestSnapshot stored, string repAadObjectId, IReadOnlyList<CardCopy> copies, string? formId)
        : base(stored)
    {
        RepAadObjectId = repAadObjectId;
        Copies = copies;
        FormId = formId;
    }

    public string RepAadObjectId { get; init; }

    public IReadOnlyList<CardCopy> Copies { get; init; }

    public string? FormId { get; init; }

    public bool IsFinished => State is RequestState.Declined or RequestState.Delivered or RequestState.Closed or RequestState.Withdrawn;

    /// <summary>The last transition that changed who holds the request (not a comment or a nudge), for "who acted".</summary>
    public RequestTransition LastChange => Trail.LastOrDefault(t => t.Action is not (RequestAction.Commented or RequestAction.Nudged)) ?? Trail[^1];

    /// <summary>This request after <paramref name="action"/> by <paramref name="actorMemberId"/> (null: the ladder's timer), with its audit line.</summary>
    public SupportRequest With(RequestAction action, RequestState to, string? actorMemberId, DateTimeOffset at, string? comment) =>
        this with { State = to, Trail = [.. Trail, new RequestTransition(at, actorMemberId, action, State, to, comment)] };
}

/// <summary>The validated answer, or the reason for each refused field (keyed by input id). Never both.</summary>
public sealed record RequestValidation(RequestAnswer? Answer, IReadOnlyDictionary<string, FieldError> Errors);

/// <summary>The request form's fields and rules, and the rules of the lead's and closer's answers.</summary>
public static partial class SupportRequestRules
{
    public const string BusinessUnit = "businessUnit";
    public const string Customer = "customer";
    public const string Country = "country";
    public const string Need = "need";
    public const string Description = "description";
    public const string DueDate = "dueDate";
    public const string DealSize = "dealSize";
    public const string Currency = "currency";

    public const string CommitmentDate = "commitmentDate";
    public const string ObjectionField = "objection";
    public const string DeclineReason = "declineReason";
    public const string CloseReason = "closeReason";
    public const string CommentField = "comment";

    /// <summary>Every input of the request form, by id, in card order.</summary>
    public static IReadOnlyList<string> Fields { get; } = [BusinessUnit, Customer, Country, Need, Description, DueDate, DealSize, Currency];

    public const int MaxNameLength = 100;
    public const int MaxTextLength = 1000;
    public const decimal MaxDealSize = 1_000_000_000_000m;

    /// <summary>The currencies the form offers; any ISO 4217-shaped code is accepted from a client that sends another.</summary>
    public static IReadOnlyList<string> Currencies { get; } = ["EUR", "USD", "GBP", "CHF", "MAD", "AED", "SAR", "CNY", "INR", "SGD", "JPY"];

    /// <summary>
    /// Checks a submitted form (raw strings as the card sends them). <paramref name="businessUnits"/> are the roster's;
    /// <paramref name="today"/> is the rep's date in their region, the earliest due date accepted.
    /// </summary>
    public static RequestValidation Validate(IReadOnlyDictionary<string, string?> form, IEnumerable<string> businessUnits, DateOnly today)
    {
        var errors = new Dictionary<string, FieldError>(StringComparer.Ordinal);
        var unitId = Trimmed(form, BusinessUnit);
        var unit = businessUnits.FirstOrDefault(u => string.Equals(u, unitId, StringComparison.OrdinalIgnoreCase));
        if (unit is null)
        {
            errors[BusinessUnit] = new FieldError(unitId.Length == 0 ? "request_error_required" : "request_error_unknown_unit");
        }
        var customer = RequiredText(form, Customer, MaxNameLength, errors);
        var country = RequiredText(form, Country, MaxNameLength, errors);
        var need = Choice<NeedKind>(Trimmed(form, Need));
        if (need is null)
        {
            errors[Need] = new FieldError(Trimmed(form, Need).Length == 0 ? "request_error_required" : "request_error_choice");
        }
        var description = RequiredText(form, Description, MaxTextLength, errors);
        var due = Date(form, DueDate, today, required: true, errors);

        decimal? dealSize = null;
        string? currency = null;
        var rawDeal = Trimmed(form, DealSize);
        if (rawDeal.Length > 0)
        {
            if (!decimal.TryParse(rawDeal, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || amount > MaxDealSize)
            {
                errors[DealSize] = new FieldError("request_error_deal_size");
            }
            else
            {
                dealSize = amount;
            }
            var code = Trimmed(form, Currency).ToUpperInvariant();
            if (!CurrencyCode().IsMatch(code))
            {
                errors[Currency] = new FieldError("request_error_currency");
            }
            else
            {
                currency = code;
            }
        }

        return errors.Count > 0
            ? new RequestValidation(null, errors)
            : new RequestValidation(new RequestAnswer(unit!, customer, country, need!.Value, description, due!.Value, dealSize, currency), errors);
    }

    /// <summary>A commitment date: required, not before <paramref name="today"/> (the BU's date).</summary>
    public static DateOnly? Commitment(IReadOnlyDictionary<string, string?> form, DateOnly today, Dictionary<string, FieldError> errors) =>
        Date(form, CommitmentDate, today, required: true, errors);

    public static ObjectionCategory? Objection(IReadOnlyDictionary<string, string?> form, Dictionary<string, FieldError> errors)
    {
        var raw = Trimmed(form, ObjectionField);
        if (Choice<ObjectionCategory>(raw) is { } category)
        {
            return category;
        }
        errors[ObjectionField] = new FieldError(raw.Length == 0 ? "request_error_required" : "request_error_choice");
        return null;
    }

    public static string RequiredText(IReadOnlyDictionary<string, string?> form, string field, int maxLength, Dictionary<string, FieldError> errors)
    {
        var text = Trimmed(form, field);
        if (text.Length == 0)
        {
            errors[field] = new FieldError("request_error_required");
        }
        else if (text.Length > maxLength)
        {
            errors[field] = new FieldError("request_error_too_long", maxLength, text.Length);
        }
        return text;
    }

    private static DateOnly? Date(IReadOnlyDictionary<string, string?> form, string field, DateOnly today, bool required, Dictionary<string, FieldError> errors)
    {
        var raw = Trimmed(form, field);
        if (raw.Length == 0)
        {
            if (required)
            {
                errors[field] = new FieldError("request_error_required");
            }
            return null;
        }
        if (!DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[field] = new FieldError("request_error_date");
            return null;
        }
        if (date < today)
        {
            errors[field] = new FieldError("request_error_past", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            return null;
        }
        return date;
    }

    /// <summary>One of the enum's names exactly as the card offers it: no numbers, no "A, B" combinations Enum.Parse would accept.</summary>
    private static TEnum? Choice<TEnum>(string raw) where TEnum : struct, Enum =>
        Enum.GetNames<TEnum>().Contains(raw, StringComparer.Ordinal) ? Enum.Parse<TEnum>(raw) : null;

    public static string Trimmed(IReadOnlyDictionary<string, string?> form, string field) => form.GetValueOrDefault(field)?.Trim() ?? "";

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
