using System.Collections.Concurrent;
using Balsam.Auth;

namespace Balsam.Tests.Integration.Infrastructure;

/// <summary>
/// Whom an in-process test client calls as: <see cref="User"/>, with a token made for it on first use. A call that
/// already carries a token (a test that sets <see cref="AuthContext.TokenKey"/> itself) keeps it.
/// </summary>
public sealed class TestCaller(string connectionString)
{
    private readonly ConcurrentDictionary<string, Task<string>> _tokens = new();

    /// <summary>The user the next calls are made as.</summary>
    public string User { get; set; } = "tester";

    public Task<string> TokenAsync() => TokenOfAsync(User);

    public Task<string> TokenOfAsync(string user) => _tokens.GetOrAdd(user, name => TestUsers.TokenAsync(connectionString, name));
}

/// <summary>Sends the <see cref="TestCaller"/>'s token with every call of the test client.</summary>
internal sealed class TestCallerFilter(TestCaller caller) : IOutgoingGrainCallFilter
{
    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (RequestContext.Get(AuthContext.TokenKey) is null)
        {
            RequestContext.Set(AuthContext.TokenKey, await caller.TokenAsync());
        }

        await context.Invoke();
    }
}
