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
        if (Level(options) is { } minimum and not LogLevel.None)
        {
            logging.SetMinimumLevel(minimum);
            logging.AddSimpleConsole(o => o.SingleLine = true);
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
    }

    /// <summary>The level asked for: <see cref="BalsamClientOptions.LogLevel"/>, else <c>BALSAM_LOG_LEVEL</c>; null for none.</summary>
    /// <exception cref="BalsamConnectionException">The variable names no level.</exception>
    public static LogLevel? Level(BalsamClientOptions options)
    {
        if (options.LogLevel is { } level)
        {
            return level;
        }

        var text = Environment.GetEnvironmentVariable(BalsamClientOptions.LogLevelVariable);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return Enum.TryParse<LogLevel>(text, ignoreCase: true, out var parsed)
            ? parsed
            : throw new BalsamConnectionException(
                $"{BalsamClientOptions.LogLevelVariable}='{text}' is not a log level (Trace, Debug, Information, Warning, Error, Critical, None).");
    }
}
