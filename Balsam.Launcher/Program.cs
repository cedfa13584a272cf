using Balsam.Launcher.Cli;

return await BalsamCli.RunAsync(args, CliContext.FromConsole());
