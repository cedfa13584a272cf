namespace Balsam.Tests.Integration.Infrastructure;

/// <summary>Waits for a condition a test needs, polled with a generous deadline, instead of a fixed sleep.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test with <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            Assert.IsTrue(DateTime.UtcNow < deadline, $"not within {limit.TotalSeconds:0} s: {what()}");
            await Task.Delay(200);
        }
    }
}
