using System.Globalization;
using Balsam.States;
using Balsam.Validation;
using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Rest.Core;

/// <summary>
/// Reads Balsam's list query parameters (repeated keys for lists, <c>key:value</c> tag filters, ISO datetimes,
/// <c>limit</c>/<c>offset</c> paging). Every malformed parameter is named in one 422 answer in FastAPI's shape
/// (<c>loc: ["query", name]</c>), as Balsam's server answers; nothing is guessed.
/// </summary>
internal sealed class QueryReader(IQueryCollection query, string subject)
{
    /// <summary>Balsam's MAX_PAGE_SIZE: the default and the largest <c>limit</c>.</summary>
    public const int MaxPageSize = 100_000;

    private readonly ValidationCollector _errors = new(subject);

    public bool Has(string name) => query.TryGetValue(name, out var values) && values.Count > 0;

    public string? String(string name) => query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    public List<string>? Strings(string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 ? [.. values.Select(v => v ?? "")] : null;

    public long? Long(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        _errors.Add(name, $"must be an integer (got '{text}')");
        return null;
    }

    public List<long>? Longs(string name)
    {
        var texts = Strings(name);
        if (texts is null)
        {
            return null;
        }

        var values = new List<long>(texts.Count);
        foreach (var text in texts)
        {
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                values.Add(value);
            }
            else
            {
                _errors.Add(name, $"must be a list of integers (got '{text}')");
            }
        }

        return values;
    }

    public bool? Bool(string name)
    {
        var text = String(name);
        switch (text?.Trim().ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "1" or "yes" or "on":
                return true;
            case "false" or "0" or "no" or "off":
                return false;
            default:
                _errors.Add(name, $"must be true or false (got '{text}')");
                return null;
        }
    }

    public DateTimeOffset? Time(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        var time = UtcDateTimeConverter.Parse(text);
        _errors.Require(time is not null, name, $"must be an ISO 8601 datetime (got '{text}')");
        return time;
    }

    public JobState? State(string name)
    {
        var text = String(name);
        return text is null ? null : ParseState(name, text);
    }

    public List<JobState>? States(string name) =>
        Strings(name)?.Select(text => ParseState(name, text)).OfType<JobState>().ToList();

    /// <summary>
    /// <c>key:value</c> filters split at the first colon, as Balsam does; unlike Balsam, an item without a colon is an
    /// error rather than silently ignored.
    /// </summary>
    public Dictionary<string, string>? Tags(string name)
    {
        var texts = Strings(name);
        if (texts is null)
        {
            return null;
        }

        var tags = new Dictionary<string, string>();
        foreach (var text in texts)
        {
            var colon = text.IndexOf(':');
            if (colon <= 0)
            {
                _errors.Add(name, $"items must be 'key:value' (got '{text}')");
                continue;
            }

            tags[text[..colon]] = text[(colon + 1)..];
        }

        return tags;
    }

    /// <summary>The ordering field and direction (<c>-field</c> is descending), or null when absent.</summary>
    public (T Field, bool Descending)? Ordering<T>(IReadOnlyDictionary<string, T> fields, string name = "ordering")
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        var descending = text.StartsWith('-');
        if (fields.TryGetValue(descending ? text[1..] : text, out var field))
        {
            return (field, descending);
        }

        _errors.Add(name, $"must be one of {string.Join(", ", fields.Keys.SelectMany(k => new[] { k, "-" + k }))} (got '{text}')");
        return null;
    }

    public (int Limit, int Offset) Paging()
    {
        var limit = Long("limit") ?? MaxPageSize;
        var offset = Long("offset") ?? 0;
        _errors.Require(limit is >= 0 and <= MaxPageSize, "limit", $"must be 0 to {MaxPageSize} (got {limit})");
        _errors.Require(offset is >= 0 and <= int.MaxValue, "offset", $"must be zero or more (got {offset})");
        return ((int)Math.Clamp(limit, 0, MaxPageSize), (int)Math.Clamp(offset, 0, int.MaxValue));
    }

    public void Add(string field, string rule) => _errors.Add(field, rule);

    /// <summary>Throws <see cref="RestSchemaException"/> naming every malformed parameter.</summary>
    public void ThrowIfAny()
    {
        if (_errors.HasProblems)
        {
            throw new RestSchemaException([.. _errors.Problems.Select(p => new RestSchemaError(["query", p.Field], p.Rule, "value_error"))]);
        }
    }

    private JobState? ParseState(string name, string text)
    {
        if (JobStateNames.TryParse(text, out var state) && text == state.Name())
        {
            return state;
        }

        _errors.Add(name, $"'{text}' is not a job state; use one of {string.Join(", ", Enum.GetValues<JobState>().Select(s => s.Name()))}");
        return null;
    }
}
