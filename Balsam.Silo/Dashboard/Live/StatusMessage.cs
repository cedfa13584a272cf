namespace Balsam.Silo.Dashboard.Live;

/// <summary>One server-sent event of the status stream: its event name and its JSON data.</summary>
public sealed record StatusMessage(string Event, string Data)
{
    /// <summary>The data is a <see cref="StatusOverview"/>.</summary>
    public const string Overview = "overview";

    /// <summary>The overview could not be read; the data is <c>{"message": ...}</c>.</summary>
    public const string Problem = "problem";
}
