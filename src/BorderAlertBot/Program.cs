using BorderAlertBot.Cli;

return await BorderAlertCli.RunAsync(args);
