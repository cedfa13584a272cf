using System.CommandLine;
using Balsam.Auth;
using Balsam.Client;

namespace Balsam.Launcher.Cli.Auth;

/// <summary><c>balsam whoami</c>: the user the token stands for and when it expires.</summary>
internal static class WhoAmICommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("whoami", "Show the user you are logged in as and when the token expires");
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            var source = client.TokenFilePath ?? BalsamClientOptions.TokenVariable;
            if (client.Token is not { } token)
            {
                throw new CliUserException($"Not logged in (no token in {source}): run balsam login.");
            }

            var identity = await client.Cluster.GetGrain<IAuthGrain>(0).WhoAmIAsync(token)
                ?? throw new CliUserException($"The token in {source} is expired, revoked or unknown: run balsam login.");
            context.Out.WriteLine(identity.UserName);
            context.Out.WriteLine($"token expires {LoginCommand.Time(identity.ExpiresAt)}");
            return ExitCodes.Success;
        });
        return command;
    }
}
