using System.Text;

namespace Balsam.Launcher.Pilot.Shell;

/// <summary>
/// POSIX shell quoting, the same rules as Python's <c>shlex.quote</c>: a word of only <c>[A-Za-z0-9_@%+=:,./-]</c> stays as it is,
/// the empty word becomes <c>''</c>, anything else is wrapped in single quotes with each <c>'</c> written as <c>'"'"'</c>.
/// Inside single quotes a POSIX shell expands nothing, so a quoted word is always one literal word.
/// </summary>
public static class ShellQuoting
{
    /// <summary>One word, quoted so that <c>sh</c> reads it back unchanged.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length == 0)
        {
            return "''";
        }

        if (word.All(IsSafe))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
    }

    /// <summary>An argv as one shell line (for logs and for people to copy): every word quoted, joined by spaces.</summary>
    public static string Join(IEnumerable<string> argv)
    {
        var line = new StringBuilder();
        foreach (var word in argv)
        {
            if (line.Length > 0)
            {
                line.Append(' ');
            }

            line.Append(Quote(word));
        }

        return line.ToString();
    }

    internal static bool IsSafe(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '-';
}
