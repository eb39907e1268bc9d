namespace CoachBot.Teams;

/// <summary>What a user chose for themselves, kept in the Bot Framework user state.</summary>
public sealed class UserPreferences
{
    /// <summary><c>en</c> or <c>fr</c> once the user asked for it; null means "follow my Teams locale".</summary>
    public string? Language { get; set; }
}
