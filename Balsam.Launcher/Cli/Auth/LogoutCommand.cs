using System.CommandLine;
using Balsam.Auth;
using Balsam.Client.Auth;

namespace Balsam.Launcher.Cli.Auth;

/// <summary><c>balsam logout</c>: revokes the token and deletes the token file.</summary>
internal static class LogoutCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("logout", "Log out: revoke your token and delete the token file");
        command.SetAction(async (parse, ct) =>
        {
            await using var client = await context.ConnectAsync(ct);
            if (client.Token is not { } token)
            {
                context.Out.WriteLine("Not logged in.");
                return ExitCodes.Success;
            }

            var revoked = await client.Cluster.GetGrain<IAuthGrain>(0).LogoutAsync(token);
            var deleted = client.TokenFilePath is { } path && TokenFile.Delete(path);
            context.Out.WriteLine((revoked ? "Logged out: the token is revoked" : "Logged out: the token was no longer valid")
                + (deleted ? $" and {client.TokenFilePath} is deleted." : "."));
            return ExitCodes.Success;
        });
        return command;
    }
}
