namespace Balsam.Launcher.Settings;

/// <summary>"Did you mean" for mistyped names: the closest known name within a few edits.</summary>
internal static class KeySuggestions
{
    /// <summary>The known name closest to <paramref name="given"/>, or null when none is close.</summary>
    public static string? Closest(string given, IEnumerable<string> known)
    {
        var normalised = Normalise(given);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(normalised, Normalise(candidate));
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        return best is not null && bestDistance <= Math.Max(2, given.Length / 4) ? best : null;
    }

    /// <summary>" Did you mean 'x'?" or " Known: a, b, c." for an error message.</summary>
    public static string Hint(string given, IReadOnlyCollection<string> known) =>
        Closest(given, known) is { } closest
            ? $"did you mean '{closest}'?"
            : known.Count > 0 ? $"expected one of: {string.Join(", ", known)}" : "nothing is expected here";

    private static string Normalise(string name) => name.Trim().ToLowerInvariant().Replace('-', '_');

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
