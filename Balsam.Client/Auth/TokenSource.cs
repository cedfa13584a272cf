namespace Balsam.Client.Auth;

/// <summary>
/// The token a client presents, from, in order: <see cref="BalsamClientOptions.Token"/>, <c>BALSAM_TOKEN</c> (a token,
/// or <c>@PATH</c> of a file), the Balsam home's token file. A file is re-read when it changes (checked at most once
/// a second), so a long-running agent or launcher picks up a renewed token (<c>balsam login</c>) without a restart.
/// </summary>
internal sealed class TokenSource
{
    private static readonly long RecheckMilliseconds = 1000;
    private readonly string? _fixed;
    private readonly object _gate = new();
    private Snapshot _snapshot = new(null, DateTime.MinValue, -1, long.MinValue);

    private TokenSource(string? fixedToken, string? file)
    {
        _fixed = fixedToken;
        FilePath = file;
    }

    /// <summary>The file the token is read from; null when it is given directly.</summary>
    public string? FilePath { get; }

    /// <summary>The token now; null when there is none.</summary>
    public string? Current => _fixed ?? ReadFile();

    /// <summary>The value of <c>BALSAM_TOKEN</c> that gives a child process the same token: <c>@PATH</c> of the file (renewals reach it too), or the token.</summary>
    public string EnvironmentValue => FilePath is not null ? "@" + FilePath : _fixed ?? "";

    public static TokenSource Resolve(BalsamClientOptions options, Func<string, string?> environment)
    {
        if (!string.IsNullOrWhiteSpace(options.Token))
        {
            return new TokenSource(options.Token.Trim(), null);
        }

        var variable = environment(BalsamClientOptions.TokenVariable)?.Trim();
        if (!string.IsNullOrEmpty(variable))
        {
            return variable.StartsWith('@') ? new TokenSource(null, Path.GetFullPath(variable[1..])) : new TokenSource(variable, null);
        }

        var home = options.BalsamHome ?? environment(Configuration.BalsamHome.EnvironmentVariable);
        return new TokenSource(null, TokenFile.PathIn(string.IsNullOrWhiteSpace(home) ? null : home));
    }

    private string? ReadFile()
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var now = Environment.TickCount64;
        if (snapshot.CheckedAt != long.MinValue && now - snapshot.CheckedAt < RecheckMilliseconds)
        {
            return snapshot.Token;
        }

        lock (_gate)
        {
            var info = new FileInfo(FilePath!);
            var (written, length) = info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1L);
            var token = written == _snapshot.Written && length == _snapshot.Length ? _snapshot.Token : SafeRead();
            Volatile.Write(ref _snapshot, new Snapshot(token, written, length, now));
            return token;
        }
    }

    private string? SafeRead()
    {
        try
        {
            return TokenFile.Read(FilePath!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // unreadable now; the next check tries again
        }
    }

    private sealed record Snapshot(string? Token, DateTime Written, long Length, long CheckedAt);
}
