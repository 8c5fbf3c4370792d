using BorderAlertBot.Bench;

// dotnet run -c Release --project bench/BorderAlertBot.Bench -- detector
// dotnet run -c Release --project bench/BorderAlertBot.Bench -- parse
// dotnet run -c Release --project bench/BorderAlertBot.Bench -- classify
// dotnet run -c Release --project bench/BorderAlertBot.Bench -- feedfarm [N ...]   (no N: 10000 50000 100000, each in a fresh process)
// (internal: feedfarm-run N, one N in this process; farm-serve N SEED, the farm's own process)
string verb = args.Length > 0 ? args[0] : "help";
return verb switch
{
    "detector" => DetectorBench.Run(args[1..]),
    "parse" => ParseBench.Run(args[1..]),
    "classify" => await ClassifyBench.RunAsync(args[1..]),
    "feedfarm" => await FeedFarmBench.RunAsync(args[1..]),
    "feedfarm-run" => await FeedFarmBench.RunOneAsync(args[1..]),
    "farm-serve" => await FarmServeVerb.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: BorderAlertBot.Bench detector | parse | classify | feedfarm [N ...]");
    return 2;
}
