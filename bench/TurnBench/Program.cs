using CoachBot.Bench.Turns;

// TurnBench run [--warmup S] [--window S]   (storage: COACHBOT_BENCH_STORAGE; scripts/bench-turns.sh sets it)
// TurnBench bare <cardFile>                  (started by `run`: the bare SDK bot, on ASPNETCORE_URLS)
return args switch
{
    ["bare", var cardFile] => await BareBot.RunAsync(cardFile),
    ["run", .. var rest] => await Orchestrator.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: TurnBench run [--warmup SECONDS] [--window SECONDS]");
    Console.Error.WriteLine("       storage: environment variable COACHBOT_BENCH_STORAGE (an Azurite connection string); see bench/README.md");
    return 2;
}
