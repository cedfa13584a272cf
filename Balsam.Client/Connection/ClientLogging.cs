using Microsoft.Extensions.Logging;

namespace Balsam.Client.Connection;

/// <summary>
/// The logging of a client's own host (<see cref="BalsamClient.ConnectAsync"/>): silent unless asked, by
/// <see cref="BalsamClientOptions.LogLevel"/> or <c>BALSAM_LOG_LEVEL</c>, which turn on console logging to stderr.
/// </summary>
internal static class ClientLogging
{
    public static void Configure(ILoggingBuilder logging, BalsamClientOptions options)
    {
        logging.ClearProviders();
        var level = options.LogLevel;
        if (level is null && Environment.GetEnvironmentVariable(BalsamClientOptions.LogLevelVariable) is { Length: > 0 } text)
        {
            level = Enum.TryParse<LogLevel>(text, ignoreCase: true, out var parsed)
                ? parsed
                : throw new BalsamConnectionException(
                    $"{BalsamClientOptions.LogLevelVariable}='{text}' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None).");
        }

        if (level is { } minimum and not LogLevel.None)
        {
            logging.SetMinimumLevel(minimum);
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }
}
