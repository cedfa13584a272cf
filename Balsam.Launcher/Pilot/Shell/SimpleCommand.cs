using System.Text;

namespace Balsam.Launcher.Pilot.Shell;

/// <summary>
/// Recognises a rendered command line that any shell would run as one program with fixed arguments: words of
/// <see cref="ShellQuoting"/>'s safe characters, <c>'single-quoted'</c> text and <c>"double-quoted"</c> text without
/// <c>$ ` \ " !</c>, and no operators, redirections, globs, expansions, comments or assignments; the first word names a
/// program (not a shell keyword or built-in, which differ between shells). Such a line is started as its argv, without
/// a <c>bash -c</c> of its own: the launcher finds the program on the job's PATH as bash would (after a preamble, the
/// job's shell does), and the job costs one process start less. Anything else keeps its shell.
/// Under an MPI launcher (<see cref="TryParseForRanks"/>), which execs each rank's program itself, a built-in that is
/// also a program of its own (<c>true</c>, <c>echo</c>, ...) names that program, as in Balsam, whose ranks run the
/// words after <c>mpiexec ...</c>.
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

    /// <summary>
    /// POSIX utilities that bash builds in and that are also programs on every Linux node (coreutils, procps): an MPI
    /// launcher finds them on PATH, as it would for any program. Not <c>pwd</c>: the program prints the physical path,
    /// the built-in the logical one (a site folder reached through a symbolic link).
    /// </summary>
    private static readonly HashSet<string> AlsoPrograms = ["true", "false", "echo", "printf", "test", "kill"];

    /// <summary>The argv of <paramref name="line"/> when it is a simple command as above; null otherwise.</summary>
    public static IReadOnlyList<string>? TryParse(string line) => Words(line) is { } words && !ShellWords.Contains(words[0]) ? words : null;

    /// <summary>
    /// The argv each rank of an MPI launch runs for <paramref name="line"/>: as <see cref="TryParse(string)"/>, and a
    /// first word that is both a built-in and a program names the program when it has no options (the built-in's and
    /// the program's options differ: <c>echo --help</c>, <c>printf -v</c>); null when the line needs a shell. A word
    /// <c>:</c> keeps the shell too: MPI launchers read it as the start of another program (MPMD).
    /// </summary>
    public static IReadOnlyList<string>? TryParseForRanks(string line)
    {
        if (Words(line) is not { } words || words.Skip(1).Any(word => word == ":"))
        {
            return null;
        }

        var builtIn = ShellWords.Contains(words[0]);
        return !builtIn || (AlsoPrograms.Contains(words[0]) && !words.Skip(1).Any(word => word.StartsWith('-'))) ? words : null;
    }

    /// <summary>The words of a line without shell syntax whose first word could name a program; null otherwise.</summary>
    private static List<string>? Words(string line)
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

        if (words.Count == 0 || words[0].Length == 0 || FirstWordIsSpecial(line.TrimStart(' ', '\t')))
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
