using System.Globalization;
using System.Text.RegularExpressions;

namespace Balsam.Launcher.Scheduling.Pbs;

/// <summary>
/// PBS prints times with ctime(3) in the qstat process's own zone (<c>Tue Oct  4 21:23:33 2022</c>, no offset); qstat
/// runs with TZ=UTC, so they are read as UTC.
/// </summary>
internal static partial class PbsTimes
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var collapsed = Spaces().Replace(text.Trim(), " ");
        return DateTime.TryParseExact(collapsed, "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? new DateTimeOffset(time, TimeSpan.Zero)
            : null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
