using System.Globalization;
using System.Text.RegularExpressions;

namespace Balsam.Launcher.Scheduling.Lsf;

/// <summary>
/// bjobs times (<c>Dec 28 19:56</c>, with a trailing <c>E</c>/<c>L</c> for estimated/late): no year and no zone. bjobs
/// runs with TZ=UTC so they are UTC; the year is the latest one that does not put the time in the future.
/// </summary>
internal static partial class LsfTimes
{
    public static DateTimeOffset? Parse(string? text, DateTimeOffset now)
    {
        var match = Stamp().Match(text ?? "");
        if (!match.Success)
        {
            return null;
        }

        foreach (var year in new[] { now.Year, now.Year - 1 })
        {
            var candidate = $"{match.Groups["date"].Value} {year}";
            if (DateTime.TryParseExact(candidate, ["MMM d HH:mm yyyy", "MMM d HH:mm:ss yyyy"], CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                && new DateTimeOffset(time, TimeSpan.Zero) <= now.AddDays(1))
            {
                return new DateTimeOffset(time, TimeSpan.Zero);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^\s*(?<date>[A-Z][a-z]{2}\s+\d{1,2}\s+\d{1,2}:\d{2}(:\d{2})?)")]
    private static partial Regex Stamp();
}
