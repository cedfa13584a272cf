using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Client.Serialization;

namespace Balsam.Client.Jobs;

/// <summary>
/// A job's parameters: names to JSON values. Values convert implicitly from numbers, strings and booleans, and read
/// back typed:
/// <code>
/// var job = new Job { App = "Adder", Workdir = "add/1", Parameters = { ["x"] = 5, ["y"] = 7 } };
/// job.Parameters.Set("vec", new[] { 3.0, 4.0 });
/// int x = job.Parameters.Get&lt;int&gt;("x");
/// double[] vec = job.Parameters.Get&lt;double[]&gt;("vec");
/// </code>
/// Parameters are fixed once the job is created.
/// </summary>
public sealed class JobParameters : IReadOnlyDictionary<string, JsonNode?>
{
    private readonly Dictionary<string, JsonNode?> _values = new(StringComparer.Ordinal);

    /// <summary>True once the job exists: parameters cannot change after creation.</summary>
    public bool IsReadOnly { get; internal set; }

    /// <inheritdoc/>
    public int Count => _values.Count;

    /// <inheritdoc/>
    public IEnumerable<string> Keys => _values.Keys;

    /// <inheritdoc/>
    public IEnumerable<JsonNode?> Values => _values.Values;

    /// <summary>The value of a parameter (null for a JSON <c>null</c>); set it to any JSON value.</summary>
    /// <param name="name">The parameter name.</param>
    /// <exception cref="KeyNotFoundException">Reading a parameter the job does not have.</exception>
    /// <exception cref="InvalidOperationException">Setting a parameter of a job that exists already.</exception>
    public JsonNode? this[string name]
    {
        get => _values.TryGetValue(name, out var value)
            ? value
            : throw new KeyNotFoundException($"The job has no parameter '{name}' (it has: {string.Join(", ", _values.Keys)})");
        set
        {
            CheckWritable();
            _values[name] = Detached(value);
        }
    }

    /// <summary>Parameters from an anonymous object (<c>new { x = 5 }</c>), a dictionary, or a <see cref="JsonObject"/>.</summary>
    /// <param name="values">The named values; null gives no parameters.</param>
    /// <returns>The parameters.</returns>
    public static JobParameters From(object? values)
    {
        if (values is JobParameters parameters)
        {
            return parameters.Clone();
        }

        var result = new JobParameters();
        foreach (var (name, value) in BalsamJson.NamedValues(values))
        {
            result.Set(name, value);
        }

        return result;
    }

    /// <summary>Adds a parameter (for collection initializers).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value.</param>
    public void Add(string name, JsonNode? value) => this[name] = value;

    /// <summary>Sets a parameter to any value that serializes to JSON (arrays, records, ...).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value.</param>
    public void Set<T>(string name, T value) =>
        this[name] = value is JsonNode node ? node : JsonNode.Parse(BalsamJson.ToLiteral(value));

    /// <summary>Reads a parameter as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="name">The parameter name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The job has no such parameter.</exception>
    /// <exception cref="JsonException">The value is not a <typeparamref name="T"/>.</exception>
    public T? Get<T>(string name)
    {
        var node = this[name];
        return node is null ? default : node.Deserialize<T>(BalsamJson.Options);
    }

    /// <summary>Reads a parameter as <typeparamref name="T"/>, or returns <paramref name="fallback"/> when the job does not have it.</summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="name">The parameter name.</param>
    /// <param name="fallback">What to return when the parameter is missing.</param>
    /// <returns>The value or the fallback.</returns>
    public T? GetValueOrDefault<T>(string name, T? fallback = default) => ContainsKey(name) ? Get<T>(name) : fallback;

    /// <summary>Removes a parameter.</summary>
    /// <param name="name">The parameter name.</param>
    /// <returns>True when it was there.</returns>
    public bool Remove(string name)
    {
        CheckWritable();
        return _values.Remove(name);
    }

    /// <inheritdoc/>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <inheritdoc/>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonNode? value) => _values.TryGetValue(key, out value);

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, JsonNode?>> GetEnumerator() => _values.GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The parameters as one JSON object.</summary>
    /// <returns>The JSON text.</returns>
    public override string ToString() =>
        new JsonObject(_values.Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString(BalsamJson.Options);

    internal static JobParameters FromLiterals(IReadOnlyDictionary<string, string> literals, bool readOnly)
    {
        var result = new JobParameters();
        foreach (var (name, json) in literals)
        {
            result._values[name] = JsonNode.Parse(json);
        }

        result.IsReadOnly = readOnly;
        return result;
    }

    internal Dictionary<string, string> ToLiterals() =>
        _values.ToDictionary(p => p.Key, p => p.Value?.ToJsonString(BalsamJson.Options) ?? "null", StringComparer.Ordinal);

    internal bool SameAs(IReadOnlyDictionary<string, string> literals) =>
        literals.Count == _values.Count && literals.All(p => _values.TryGetValue(p.Key, out var mine) && JsonNode.DeepEquals(mine, JsonNode.Parse(p.Value)));

    internal JobParameters Clone() => FromLiterals(ToLiterals(), IsReadOnly);

    private static JsonNode? Detached(JsonNode? value) => value?.Parent is null ? value : value.DeepClone();

    private void CheckWritable()
    {
        if (IsReadOnly)
        {
            throw new InvalidOperationException("A job's parameters are fixed once it is created; create a new job instead");
        }
    }
}
