using System.CommandLine;
using System.Globalization;
using Balsam.Auth;
using Balsam.Client;
using Balsam.Client.Auth;

namespace Balsam.Launcher.Cli.Auth;

/// <summary>
/// <c>balsam login [--user NAME] [--password-stdin] [--ttl DURATION]</c>: exchanges the user's password for a token and
/// keeps it in the Balsam home's token file (mode 0600), which every client then presents.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliContext context)
    {
        var user = new Option<string?>("--user", "-u") { Description = "The user name (default: BALSAM_USER, else the login name)" };
        var stdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input" };
        var ttl = new Option<string?>("--ttl") { Description = "Ask for a shorter-lived token, e.g. 12h (default: the service's lifetime, 30d)" };
        var command = new Command("login", "Log in: exchange your password for a token kept in the Balsam home") { user, stdin, ttl };
        command.SetAction(async (parse, ct) =>
        {
            var lifetime = parse.GetValue(ttl) is { } text ? ParseLifetime(text) : (TimeSpan?)null;
            var name = parse.GetValue(user) ?? context.ClientOptions?.UserName
                ?? (Environment.GetEnvironmentVariable(BalsamClientOptions.UserVariable) is { Length: > 0 } variable ? variable : Environment.UserName);
            var password = PasswordReader.Read(context, parse.GetValue(stdin), $"Password for {name}: ");
            await using var client = await context.ConnectAsync(ct);
            var issued = await client.Cluster.GetGrain<IAuthGrain>(0).LoginAsync(name, password, lifetime);
            var path = TokenFile.PathIn(context.ClientOptions?.BalsamHome);
            TokenFile.Write(path, issued.Token);
            context.Out.WriteLine($"Logged in as {issued.UserName} until {Time(issued.ExpiresAt)}; the token is in {path}.");
            if (client.TokenFilePath != path)
            {
                context.Error.WriteLine($"note: {BalsamClientOptions.TokenVariable} is set, so clients started with it use that token instead.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    internal static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static TimeSpan ParseLifetime(string text)
    {
        try
        {
            return TokenLifetime.Parse(text, "--ttl");
        }
        catch (ArgumentException e)
        {
            throw new CliUserException(e.Message);
        }
    }
}
