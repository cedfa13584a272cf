using System.Globalization;

namespace Balsam.Auth;

/// <summary>Token lifetimes as people write them: <c>30d</c>, <c>12h</c>, <c>90m</c>, <c>45s</c> (or a TimeSpan, <c>1.00:00:00</c>).</summary>
public static class TokenLifetime
{
    /// <summary>How long a token lives unless the service or the login says otherwise.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromDays(30);

    /// <summary>Parses a lifetime; throws <see cref="ArgumentException"/> naming <paramref name="option"/> when it is not a positive duration.</summary>
    public static TimeSpan Parse(string text, string option)
    {
        var value = text.Trim();
        TimeSpan? parsed = null;
        if (value.Length > 1 && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number) && number < 1e7)
        {
            parsed = char.ToLowerInvariant(value[^1]) switch
            {
                'd' => TimeSpan.FromDays(number),
                'h' => TimeSpan.FromHours(number),
                'm' => TimeSpan.FromMinutes(number),
                's' => TimeSpan.FromSeconds(number),
                _ => null,
            };
        }

        if (parsed is null && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
        {
            parsed = span;
        }

        return parsed is { } lifetime && lifetime > TimeSpan.Zero
            ? lifetime
            : throw new ArgumentException($"Token lifetime '{text}' is not a positive duration such as 30d, 12h, 90m or 45s (option {option})");
    }

    /// <summary>A lifetime as <c>30d</c>, <c>12h</c>, <c>90m</c> or <c>45s</c> when it is whole, else as a TimeSpan.</summary>
    public static string Format(TimeSpan lifetime) =>
        lifetime.Ticks % TimeSpan.TicksPerDay == 0 ? $"{lifetime.Days}d"
        : lifetime.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(long)lifetime.TotalHours}h"
        : lifetime.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{(long)lifetime.TotalMinutes}m"
        : lifetime.Ticks % TimeSpan.TicksPerSecond == 0 ? $"{(long)lifetime.TotalSeconds}s"
        : lifetime.ToString("c", CultureInfo.InvariantCulture);
}
