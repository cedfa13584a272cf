using System.Globalization;

namespace Balsam.Launcher.Scheduling.Common;

/// <summary>Clock-style durations printed by schedulers (<c>[D-]HH:MM:SS</c>, <c>MM:SS</c>, <c>H:MM:SS</c>).</summary>
internal static class Durations
{
    /// <summary>
    /// Whole minutes (seconds rounded, or dropped with <paramref name="floor"/> where a longer value would overstate a
    /// limit), or null when the text is not a duration (e.g. <c>UNLIMITED</c>, <c>N/A</c>).
    /// </summary>
    public static int? ToMinutes(string? text, bool floor = false)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var days = 0;
        var dash = text.IndexOf('-');
        if (dash > 0)
        {
            if (!int.TryParse(text[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out days))
            {
                return null;
            }

            text = text[(dash + 1)..];
        }

        var parts = text.Split(':');
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        // Slurm: "D-HH" / "D-HH:MM" / "D-HH:MM:SS" (hours first after a day), else "MM", "MM:SS", "HH:MM:SS".
        var (hours, minutes, seconds) = (dash > 0, numbers.Length) switch
        {
            (true, 1) => (numbers[0], 0, 0),
            (true, 2) => (numbers[0], numbers[1], 0),
            (_, 3) => (numbers[0], numbers[1], numbers[2]),
            (false, 2) => (0, numbers[0], numbers[1]),
            (false, 1) => (0, numbers[0], 0),
            _ => (-1, 0, 0),
        };
        if (hours < 0)
        {
            return null;
        }

        var total = (days * 24 + hours) * 60 + minutes + seconds / 60.0;
        return floor ? (int)Math.Floor(total) : (int)Math.Round(total, MidpointRounding.AwayFromZero);
    }

    /// <summary>Walltime for <c>qsub -l walltime=</c>: HH:MM:SS (hours may exceed 24).</summary>
    public static string ToClock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}:00";
}
