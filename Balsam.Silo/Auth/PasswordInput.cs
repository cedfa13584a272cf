namespace Balsam.Silo.Auth;

/// <summary>Reads a password: one line of standard input (<c>--password-stdin</c>), or typed at the terminal without echo.</summary>
internal static class PasswordInput
{
    /// <summary>The first line of <paramref name="input"/>, without its line break.</summary>
    public static string FromStdin(TextReader input) =>
        input.ReadLine() ?? throw new ArgumentException("No password on standard input (--password-stdin): give it as one line");

    /// <summary>Asks at the terminal without echo; with <paramref name="confirm"/>, twice, and the two must match.</summary>
    public static string FromTerminal(string prompt, bool confirm, TextWriter output)
    {
        var password = ReadHidden(prompt, output);
        if (confirm && ReadHidden("Repeat the password: ", output) != password)
        {
            throw new ArgumentException("The two passwords differ; nothing was changed");
        }

        return password;
    }

    /// <summary>A password from standard input or the terminal; throws when neither is possible.</summary>
    public static string Read(bool fromStdin, TextReader input, bool canPrompt, string prompt, bool confirm, TextWriter output) =>
        fromStdin ? FromStdin(input)
        : canPrompt ? FromTerminal(prompt, confirm, output)
        : throw new ArgumentException("No terminal to ask for the password: pass it on standard input with --password-stdin");

    private static string ReadHidden(string prompt, TextWriter output)
    {
        output.Write(prompt);
        output.Flush();
        var typed = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (typed.Length > 0)
                {
                    typed.Length--;
                }
            }
            else if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key == ConsoleKey.C)
            {
                throw new OperationCanceledException();
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        output.WriteLine();
        return typed.ToString();
    }
}
