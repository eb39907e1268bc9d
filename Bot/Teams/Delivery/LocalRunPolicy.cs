using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// The local run (<c>scripts/run-local.sh</c>): the Agents Playground plays one person at a time and answers 404 to a
/// send to anyone else, although their chat is fine and comes back when the Playground plays them. There, and only
/// there, a 404 does not mean the conversation is gone. It holds when all of these do: Development, no app id (unsigned
/// requests), <c>LocalRun:Playground</c> set (the script sets it), and a loopback service URL. A signed bot, or one
/// outside Development, always treats a 404 as Teams means it.
/// </summary>
public sealed class LocalRunPolicy(IHostEnvironment environment, IOptions<BotIdentityOptions> identity, IConfiguration configuration)
{
    public const string Setting = "LocalRun:Playground";

    private readonly bool _playground = environment.IsDevelopment()
        && string.IsNullOrWhiteSpace(identity.Value.MicrosoftAppId)
        && configuration.GetValue<bool>(Setting);

    /// <summary>True when a 404 from <paramref name="reference"/>'s service is the Playground playing someone else.</summary>
    public bool IsAbsentInPlayground(ConversationReference reference, System.Net.HttpStatusCode status) =>
        _playground && status == System.Net.HttpStatusCode.NotFound
        && Uri.TryCreate(reference.ServiceUrl, UriKind.Absolute, out var service) && service.IsLoopback;
}
