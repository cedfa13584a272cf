using System.CommandLine;
using System.Globalization;
using Balsam.Silo.Hosting;

namespace Balsam.Silo.Auth;

/// <summary>
/// <c>balsam-silo user add|rm|ls|passwd</c>: the operator creates and removes users and sets their passwords, directly
/// in the database, whether or not the silo runs. There is no sign-up: these commands are the only way to add a user.
/// </summary>
internal static class UserCommands
{
    public const string Name = "user";

    public static async Task<int> RunAsync(
        string[] args, TextReader input, TextWriter output, TextWriter error, bool canPrompt, CancellationToken cancellationToken = default)
    {
        var connection = new Option<string?>("--connection-string") { Description = "The service's PostgreSQL (default: the managed one of the Balsam home)", Recursive = true };
        var postgresData = new Option<string?>("--postgres-data") { Description = "The managed PostgreSQL's data folder (default: $BALSAM_HOME/postgres)", Recursive = true };
        var postgresBin = new Option<string?>("--postgres-bin") { Description = "Folder of initdb/pg_ctl", Recursive = true };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input" };
        var keepTokens = new Option<bool>("--keep-tokens") { Description = "Leave the user's tokens valid (default: they are revoked)" };

        BalsamSiloOptions Database(ParseResult parse)
        {
            var options = SiloCommandLine.Parse([]); // appsettings.json and BALSAM_* variables, as the silo reads them
            options.ConnectionString = parse.GetValue(connection) ?? options.ConnectionString;
            options.PostgresData = parse.GetValue(postgresData) ?? options.PostgresData;
            options.PostgresBin = parse.GetValue(postgresBin) ?? options.PostgresBin;
            return options;
        }

        var addName = new Argument<string>("NAME") { Description = "The user name" };
        var add = new Command("add", "Create a user with a password") { addName, passwordStdin };
        add.SetAction(async (parse, ct) =>
        {
            var name = parse.GetRequiredValue(addName);
            UserNames.Check(name);
            var password = PasswordInput.Read(parse.GetValue(passwordStdin), input, canPrompt, $"Password for {name}: ", confirm: true, output);
            await AuthDatabase.WithStoreAsync(Database(parse), error, async store =>
            {
                await store.AddUserAsync(name, password, ct);
                return true;
            }, ct);
            output.WriteLine($"Added user '{name}'. They log in with: balsam login --user {name}");
            return 0;
        });

        var rmName = new Argument<string>("NAME") { Description = "The user name" };
        var rm = new Command("rm", "Delete a user and revoke their tokens") { rmName };
        rm.SetAction(async (parse, ct) =>
        {
            var name = parse.GetRequiredValue(rmName);
            var removed = await AuthDatabase.WithStoreAsync(Database(parse), error, store => store.RemoveUserAsync(name, ct), ct);
            if (!removed)
            {
                throw new InvalidOperationException($"Unknown user '{name}'");
            }

            output.WriteLine($"Removed user '{name}'; their tokens no longer work.");
            return 0;
        });

        var ls = new Command("ls", "List the users");
        ls.SetAction(async (parse, ct) =>
        {
            var users = await AuthDatabase.WithStoreAsync(Database(parse), error, store => store.ListUsersAsync(ct), ct);
            if (users.Count == 0)
            {
                output.WriteLine("No users: add one with balsam-silo user add NAME");
                return 0;
            }

            var width = Math.Max(4, users.Max(u => u.Name.Length));
            output.WriteLine($"{"NAME".PadRight(width)}  {"CREATED",-20}  {"PASSWORD SET",-20}  TOKENS");
            foreach (var user in users)
            {
                output.WriteLine($"{user.Name.PadRight(width)}  {Time(user.CreatedAt),-20}  {Time(user.PasswordChangedAt),-20}  {user.ActiveTokens}");
            }

            return 0;
        });

        var passwdName = new Argument<string>("NAME") { Description = "The user name" };
        var passwd = new Command("passwd", "Set a user's password (and revoke their tokens)") { passwdName, passwordStdin, keepTokens };
        passwd.SetAction(async (parse, ct) =>
        {
            var name = parse.GetRequiredValue(passwdName);
            var password = PasswordInput.Read(parse.GetValue(passwordStdin), input, canPrompt, $"New password for {name}: ", confirm: true, output);
            var revoke = !parse.GetValue(keepTokens);
            var changed = await AuthDatabase.WithStoreAsync(Database(parse), error, store => store.SetPasswordAsync(name, password, revoke, ct), ct);
            if (!changed)
            {
                throw new InvalidOperationException($"Unknown user '{name}'");
            }

            output.WriteLine(revoke
                ? $"Changed the password of '{name}' and revoked their tokens: they log in again."
                : $"Changed the password of '{name}'; their tokens stay valid until they expire.");
            return 0;
        });

        var root = new RootCommand("balsam-silo user: manage the users of this Balsam service")
        {
            new Command(Name, "Manage users: add, rm, ls, passwd") { add, rm, ls, passwd, connection, postgresData, postgresBin },
        };
        var parse = root.Parse([Name, .. args]);
        if (parse.Errors.Count > 0)
        {
            foreach (var problem in parse.Errors)
            {
                error.WriteLine($"balsam-silo: {problem.Message}");
            }

            error.WriteLine("See 'balsam-silo user --help'.");
            return 2;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Npgsql.NpgsqlException or IOException
            or OperationCanceledException)
        {
            error.WriteLine($"balsam-silo: {(e is OperationCanceledException ? "cancelled" : e.Message)}");
            return 1;
        }
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
