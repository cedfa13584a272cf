using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Balsam.Tests.Integration.Rest.PythonClient;

/// <summary>
/// Sends recorded steps of Balsam's Python client to a silo exactly as the client sent them (method, path, query string,
/// JSON or form body), with <c>${name}</c> filled in, and checks each answer as the client would read it: the status,
/// the shape of every row (<see cref="ClientModels"/>), and the values a step expects. Ids the answers carry are captured
/// for the steps that follow, as the client keeps them.
/// </summary>
public sealed partial class SequenceReplayer
{
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(90);

    private readonly HttpClient _client;
    private readonly HttpClient _anonymous;
    private readonly ClientModels _models;
    private readonly Dictionary<string, JsonNode> _values = [];

    /// <param name="client">Sends the steps that carry the bearer token.</param>
    /// <param name="anonymous">Sends the steps that do not (login).</param>
    /// <param name="models">The client's response models, to check each answer against.</param>
    /// <param name="known">Values known before the first step: the site's name and path, the user, the password.</param>
    public SequenceReplayer(HttpClient client, HttpClient anonymous, ClientModels models, IReadOnlyDictionary<string, string> known)
    {
        _client = client;
        _anonymous = anonymous;
        _models = models;
        foreach (var (name, value) in known)
        {
            _values[name] = JsonValue.Create(value);
        }
    }

    /// <summary>A captured id.</summary>
    public long Id(string name) => _values[name].GetValue<long>();

    /// <summary>Plays the steps in order; returns their answers.</summary>
    public async Task<List<JsonElement>> PlayAsync(IEnumerable<RecordedStep> steps)
    {
        var answers = new List<JsonElement>();
        foreach (var step in steps)
        {
            answers.Add(await PlayAsync(step));
        }

        return answers;
    }

    private async Task<JsonElement> PlayAsync(RecordedStep step)
    {
        var deadline = DateTime.UtcNow + PollLimit;
        while (true)
        {
            var answer = await SendAsync(step);
            var unmet = Unmet(step, answer);
            if (unmet.Count == 0)
            {
                Capture(step, answer);
                return answer;
            }

            Assert.IsTrue(step.Poll && DateTime.UtcNow < deadline,
                $"{step.Note}: {step.Method} {step.Path}: {string.Join("; ", unmet)}\nanswer: {answer.GetRawText()}");
            await Task.Delay(250);
        }
    }

    private async Task<JsonElement> SendAsync(RecordedStep step)
    {
        var target = Fill(step.Path, Uri.EscapeDataString) + (string.IsNullOrEmpty(step.Query) ? "" : "?" + Fill(step.Query, Uri.EscapeDataString));
        using var request = new HttpRequestMessage(new HttpMethod(step.Method), target);
        if (step.Body is { } body)
        {
            request.Content = new StringContent(Fill(JsonNode.Parse(body.GetRawText()))?.ToJsonString() ?? "null", Encoding.UTF8, "application/json");
        }
        else if (step.Form is { } form)
        {
            request.Content = new StringContent(Fill(form, Uri.EscapeDataString), Encoding.UTF8, "application/x-www-form-urlencoded");
        }

        using var response = await (step.Auth ? _client : _anonymous).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.AreEqual((HttpStatusCode)step.Status, response.StatusCode, $"{step.Note}: {request.Method} {request.RequestUri}: {text}");
        if (step.Reads == "none" && string.IsNullOrWhiteSpace(text))
        {
            return default;
        }

        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new AssertFailedException($"{step.Note}: the client calls response.json() on this answer, which is not JSON: '{text}' ({e.Message})");
        }
    }

    /// <summary>What of the answer the client would not accept, and which expected values it lacks.</summary>
    private List<string> Unmet(RecordedStep step, JsonElement answer)
    {
        var problems = new List<string>();
        var (shape, model) = step.Reads.Split(':') switch
        {
            [var single] => (single, single),
            [var kind, var name] => (kind, name),
            _ => throw new InvalidDataException($"reads: {step.Reads}"),
        };
        switch (shape)
        {
            case "none" or "json":
                break;
            case "login-methods":
                if (answer.ValueKind != JsonValueKind.Array || !answer.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == "LoginMethod.password"))
                {
                    problems.Add("the client needs a JSON list holding \"LoginMethod.password\"");
                }

                break;
            case "page":
                if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("count", out var count) || count.ValueKind != JsonValueKind.Number
                    || !answer.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
                {
                    problems.Add("the client reads {\"count\": int, \"results\": [...]}");
                    break;
                }

                problems.AddRange(results.EnumerateArray().SelectMany(row => _models.Violations(model, row)));
                break;
            case "list":
                if (answer.ValueKind != JsonValueKind.Array)
                {
                    problems.Add("the client reads a JSON list");
                    break;
                }

                problems.AddRange(answer.EnumerateArray().SelectMany(row => _models.Violations(model, row)));
                break;
            default:
                problems.AddRange(_models.Violations(model, answer));
                break;
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        foreach (var (path, expected) in step.Expect ?? [])
        {
            var want = Fill(JsonNode.Parse(expected.GetRawText()));
            var got = At(answer, path);
            if (got is not { } actual || !SameValue(JsonNode.Parse(actual.GetRawText()), want))
            {
                problems.Add($"{path} should be {want?.ToJsonString()}, is {got?.GetRawText() ?? "missing"}");
            }
        }

        if (step.ExpectIds is { } ids)
        {
            var rows = answer.ValueKind == JsonValueKind.Array ? answer : answer.GetProperty("results");
            var got = rows.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).Order().ToList();
            var want = ids.Select(id => long.Parse(Fill(id, s => s), CultureInfo.InvariantCulture)).Order().ToList();
            if (!got.SequenceEqual(want))
            {
                problems.Add($"ids should be [{string.Join(", ", want)}], are [{string.Join(", ", got)}]");
            }
        }

        return problems;
    }

    private void Capture(RecordedStep step, JsonElement answer)
    {
        foreach (var (name, path) in step.Capture ?? [])
        {
            var value = At(answer, path);
            Assert.IsNotNull(value, $"{step.Note}: the answer has no {path} to remember as {name}: {answer.GetRawText()}");
            _values[name] = JsonNode.Parse(value.Value.GetRawText())!;
        }
    }

    /// <summary>The element at a dotted path (<c>results.0.id</c>); null when there is none.</summary>
    private static JsonElement? At(JsonElement root, string path)
    {
        var current = root;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Array && int.TryParse(part, CultureInfo.InvariantCulture, out var index))
            {
                if (index >= current.GetArrayLength())
                {
                    return null;
                }

                current = current[index];
            }
            else if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }

    private static bool SameValue(JsonNode? actual, JsonNode? expected) =>
        actual is JsonValue a && expected is JsonValue e && a.GetValueKind() == JsonValueKind.Number && e.GetValueKind() == JsonValueKind.Number
            ? a.GetValue<decimal>() == e.GetValue<decimal>()
            : JsonNode.DeepEquals(actual, expected);

    /// <summary>Fills <c>${name}</c> in text; <paramref name="encode"/> escapes each value (for a query or form).</summary>
    private string Fill(string text, Func<string, string> encode) =>
        Placeholder().Replace(text, m => encode(Text(m.Groups[1].Value)));

    /// <summary>Fills a JSON body: a string that is only <c>${name}</c> becomes the value itself (a number stays a number).</summary>
    private JsonNode? Fill(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    var filled = Fill(child);
                    if (!ReferenceEquals(filled, child))
                    {
                        obj[key] = filled;
                    }
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var filled = Fill(array[i]);
                    if (!ReferenceEquals(filled, array[i]))
                    {
                        array[i] = filled;
                    }
                }

                return array;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                var whole = Placeholder().Match(text);
                if (whole.Success && whole.Length == text.Length)
                {
                    return Value(whole.Groups[1].Value);
                }

                return text.Contains("${", StringComparison.Ordinal) ? JsonValue.Create(Fill(text, s => s)) : value;
            default:
                return node;
        }
    }

    private JsonNode Value(string name) => name switch
    {
        // As the client stamps its updates: datetime.utcnow().isoformat(), naive.
        "now" => JsonValue.Create(DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture)),
        // As requests puts a datetime in a query: str(datetime), a space and no offset.
        "now_space" => JsonValue.Create(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)),
        "two_minutes_ago_space" => JsonValue.Create(DateTime.UtcNow.AddMinutes(-2).ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)),
        _ => _values.TryGetValue(name, out var value) ? value.DeepClone() : throw new AssertFailedException($"the replay knows no value ${{{name}}}"),
    };

    private string Text(string name) => Value(name) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : Value(name).ToJsonString();

    [GeneratedRegex(@"\$\{([a-z_0-9]+)\}")]
    private static partial Regex Placeholder();
}
