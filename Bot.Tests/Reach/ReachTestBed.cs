using CoachBot.Reach;
using CoachBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoachBot.Tests.Reach;

/// <summary>
/// The bot on a fake clock (the check-in bed: test roster plus Nadia and Omar) with <c>Reach:TeamsAppId</c> set and the
/// real Graph SDK pointed at a <see cref="GraphStandIn"/>. Quartz is off: tests run the installer themselves.
/// </summary>
internal sealed class ReachTestBed : IAsyncDisposable
{
    public const string CatalogAppId = "0c7d5e8f-catalog-app";

    private ReachTestBed(BotTestBed bed, GraphStandIn graph)
    {
        Bed = bed;
        Graph = graph;
    }

    public BotTestBed Bed { get; }
    public GraphStandIn Graph { get; }
    public BotApp Bot => Bed.Bot;
    public IReachDirectory Directory => Bot.Service<IReachDirectory>();

    public static async Task<ReachTestBed> StartAsync(bool installs = true, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var graph = await GraphStandIn.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Reach:TeamsAppId"] = installs ? CatalogAppId : "",
            ["Reach:GraphBaseUrl"] = graph.BaseUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        try
        {
            var bed = await BotTestBed.StartAsync(BotTestBed.FridayW48, all, services: services);
            return new ReachTestBed(bed, graph);
        }
        catch
        {
            await graph.DisposeAsync();
            throw;
        }
    }

    public Task<InstallRunSummary> RunInstallerAsync() => Bot.Service<ReachInstallRun>().RunAsync(CancellationToken.None);

    public Task<MemberReach> StatusAsync(TeamsUserAccount user) => Directory.StatusOfAsync(Bed.Member(user).Id, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
        await Graph.DisposeAsync();
    }
}
