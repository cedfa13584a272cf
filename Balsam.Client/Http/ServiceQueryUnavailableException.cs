namespace Balsam.Client.Http;

/// <summary>The HTTP query routes could not answer; the caller takes the gateway instead.</summary>
internal sealed class ServiceQueryUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
