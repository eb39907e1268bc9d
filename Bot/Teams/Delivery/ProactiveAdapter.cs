using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;
using Newtonsoft.Json;

namespace CoachBot.Teams.Delivery;

/// <summary>
/// The adapter proactive sends go through: the bot's own authentication and connector, with two differences from
/// <see cref="CoachBotAdapter"/>. It has no OnTurnError (a failed send is the delivery engine's to retry, not a turn to
/// apologise for), and it reuses connector clients. <see cref="CloudAdapter"/> builds a new ConnectorClient for every
/// proactive turn, and each one brings its own Newtonsoft contract resolver, so every send re-reflects the Activity
/// type and compiles its property getters again: about 14 ms of CPU per send, which caps a 2-core instance near
/// 70 sends/s. The older BotFrameworkAdapter cached clients per service URL and app id; <see cref="ReusedConnectors"/> restores that.
/// </summary>
public sealed class ProactiveAdapter(BotFrameworkAuthentication authentication, ILogger<ProactiveAdapter> logger)
    : CloudAdapter(new ReusedConnectors(authentication), logger)
{
}
