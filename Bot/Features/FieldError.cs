namespace CoachBot.Features;

/// <summary>Why a field of a form was refused: a string key (localized on the card) and its arguments.</summary>
public sealed record FieldError(string ReasonKey, params object[] Arguments);
