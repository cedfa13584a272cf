using System.Text;

namespace Balsam.Launcher.Pilot.Shell;

/// <summary>
/// Recognises a rendered command line that any shell would run as one program with fixed arguments: words of
/// <see cref="ShellQuoting"/>'s safe characters, <c>'single-quoted'</c> text and <c>"double-quoted"</c> text without
/// <c>$ ` \ " !</c>, and no operators, redirections, globs, expansions, comments or assignments; the first word names a
/// program (not a shell keyword or built-in, which differ between shells). Such a line is started as its argv, without
/// a <c>bash -c</c> of its own: the launcher finds the program on the job's PATH as bash would (after a preamble, the
/// job's shell does), and the job costs one process start less. Anything else keeps its shell.
/// </summary>
public static class SimpleCommand
{
    /// <summary>Keywords and built-ins of bash and dash: as a first word, they need the shell itself.</summary>
    private static readonly HashSet<string> ShellWords =
    [
        "!", ".", ":", "[", "[[", "]]", "{", "}", "alias", "bg", "bind", "break", "builtin", "caller", "case", "cd", "chdir",
        "command", "compgen", "complete", "compopt", "continue", "coproc", "declare", "dirs", "disown", "do", "done", "echo",
        "elif", "else", "enable", "esac", "eval", "exec", "exit", "export", "false", "fc", "fg", "fi", "for", "function",
        "getopts", "hash", "help", "history", "if", "in", "jobs", "kill", "let", "local", "logout", "mapfile", "popd",
        "printf", "pushd", "pwd", "read", "readarray", "readonly", "return", "select", "set", "shift", "shopt", "source",
        "suspend", "test", "then", "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset",
        "until", "wait", "while",
    ];

    /// <summary>The argv of <paramref name="line"/> when it is a simple command as above; null otherwise.</summary>
    public static IReadOnlyList<string>? TryParse(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c is '\'' or '"')
            {
                var close = line.IndexOf(c, i + 1);
                if (close < 0)
                {
                    return null;
                }

                var quoted = line.AsSpan(i + 1, close - i - 1);
                if (c == '"' && quoted.IndexOfAny("$`\\\"!") >= 0)
                {
                    return null;
                }

                word.Append(quoted);
                i = close;
            }
            else if (ShellQuoting.IsSafe(c))
            {
                word.Append(c);
            }
            else
            {
                return null;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        if (words.Count == 0 || words[0].Length == 0 || ShellWords.Contains(words[0]) || FirstWordIsSpecial(line.TrimStart(' ', '\t')))
        {
            return null;
        }

        return words;
    }

    /// <summary>An assignment (<c>A=1 prog</c>) or a job spec (<c>%1</c>) where the program should be.</summary>
    private static bool FirstWordIsSpecial(string line)
    {
        var end = line.IndexOfAny([' ', '\t']);
        var first = end < 0 ? line : line[..end];
        return first.StartsWith('%') || first.Contains('=', StringComparison.Ordinal);
    }
}
