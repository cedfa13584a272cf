using System.Text.Json;

namespace Balsam.Tests.Integration.Rest.PythonClient;

/// <summary>The recorded exchanges of Balsam's Python client, grouped in scenes (site init, app sync, ...), in order.</summary>
public sealed record RecordedSequence
{
    /// <summary>Which client, which commands and when.</summary>
    public string Recorded { get; init; } = "";

    public Dictionary<string, List<RecordedStep>> Scenes { get; init; } = [];

    /// <summary>Reads <c>recorded-sequence.json</c> from beside the test assembly.</summary>
    public static RecordedSequence Load() =>
        JsonSerializer.Deserialize<RecordedSequence>(File.ReadAllText(DataFile("recorded-sequence.json")), RestFixture.Json)
        ?? throw new InvalidDataException("recorded-sequence.json is empty");

    /// <summary>A data file of this folder, copied to the test output.</summary>
    public static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "Rest", "PythonClient", name);
}
