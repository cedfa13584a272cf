namespace Balsam.Launcher.Cli.Auth;

/// <summary>Reads a password: the first line of standard input (<c>--password-stdin</c>), or typed at the terminal without echo.</summary>
internal static class PasswordReader
{
    public static string Read(CliContext context, bool fromStdin, string prompt)
    {
        if (fromStdin)
        {
            return context.In.ReadLine() ?? throw new CliUserException("No password on standard input (--password-stdin): give it as one line.");
        }

        if (!context.CanPrompt)
        {
            throw new CliUserException("No terminal to ask for the password: pass it on standard input with --password-stdin.");
        }

        context.Error.Write(prompt);
        context.Error.Flush();
        var typed = new System.Text.StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        context.Error.WriteLine();
        return typed.ToString();
    }
}
