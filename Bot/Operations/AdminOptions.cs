namespace CoachBot.Operations;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>The value of the <c>X-Admin-Key</c> header the admin routes require. Empty: the routes do not exist (404).</summary>
    public string? ApiKey { get; set; }
}
