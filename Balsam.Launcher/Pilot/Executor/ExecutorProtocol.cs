using System.Text.Json;

namespace Balsam.Launcher.Pilot.Executor;

/// <summary>
/// The transport between a launcher and its warm executors: one JSON object per line over the executor's standard
/// input (requests) and standard output (replies). Chosen over a Unix socket or NetMQ because a pipe needs no address
/// (no socket path to place, clean up or keep under 108 characters), ties the executor's life to the launcher's (the
/// executor ends when its input closes, even when the launcher was SIGKILLed, as the job shell's watchdog does) and is
/// private to the two processes. The executor moves its original descriptors 0 and 1 aside before any job runs, so an
/// app that reads stdin or writes stdout (from .NET or from a child process) never touches the protocol.
/// </summary>
internal static class ExecutorProtocol
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Line<T>(T message) => JsonSerializer.Serialize(message, Options);

    public static T Parse<T>(string line) =>
        JsonSerializer.Deserialize<T>(line, Options) ?? throw new InvalidDataException($"an executor message was empty: {line}");
}
