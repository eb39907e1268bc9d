using CoachBot.Bench.Delivery;

// DeliveryBench run [teams50|fast1000|faults|kill|all] [--recipients N]   (storage: COACHBOT_BENCH_STORAGE)
// DeliveryBench worker <campaignId> <recipients>                            (started by `run`; the bot's side)
return args switch
{
    ["worker", var campaign, var recipients] => await Worker.RunAsync(campaign, int.Parse(recipients, System.Globalization.CultureInfo.InvariantCulture)),
    ["run", .. var rest] => await Orchestrator.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: DeliveryBench run [teams50|fast1000|faults|kill|all] [--recipients N]");
    Console.Error.WriteLine("       storage: environment variable COACHBOT_BENCH_STORAGE (an Azurite connection string); see bench/README.md");
    return 2;
}
