using Balsam.Auth;
using Balsam.Client;
using Balsam.Client.Auth;
using Microsoft.Extensions.Logging;

namespace Balsam.Launcher.Sites;

/// <summary>
/// Keeps a long-running site agent logged in: when a third of its token's lifetime is left, it asks the service for a
/// new token and writes it over the token file it reads (<c>$BALSAM_HOME/token</c> or <c>BALSAM_TOKEN=@PATH</c>), so the
/// agent, and the launchers and processes that read the same file, go on without a restart. A token given directly (not
/// in a file) cannot be replaced and is left alone. The old token stays valid until its own expiry.
/// </summary>
internal sealed class TokenRenewal(BalsamClient client, ILogger logger)
{
    /// <summary>The longest wait between two looks at the token.</summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(15);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (client.TokenFilePath is not { } path)
        {
            return;
        }

        var auth = client.Cluster.GetGrain<IAuthGrain>(0);
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RenewIfDueAsync(auth, path);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not renew the token in {Path}: {Message}", path, e.Message);
                wait = RetryAfterFailure;
            }

            try
            {
                await Task.Delay(wait, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Renews the token when its last third has begun; returns how long to wait before looking again.</summary>
    private async Task<TimeSpan> RenewIfDueAsync(IAuthGrain auth, string path)
    {
        if (await auth.CallerAsync() is not { } token)
        {
            return RetryAfterFailure; // none yet, or refused: a new `balsam login` writes the file, which is re-read
        }

        var renewAt = token.ExpiresAt - (token.ExpiresAt - token.CreatedAt) / 3;
        var now = DateTimeOffset.UtcNow;
        if (now < renewAt)
        {
            return Min(renewAt - now, LongestWait);
        }

        var fresh = await auth.RenewAsync();
        TokenFile.Write(path, fresh.Token);
        logger.LogInformation("Renewed the token of user {User} in {Path}; it expires at {Expiry:u}", fresh.UserName, path, fresh.ExpiresAt);
        return TimeSpan.FromSeconds(1);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
