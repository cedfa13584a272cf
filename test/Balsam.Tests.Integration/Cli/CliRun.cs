namespace Balsam.Tests.Integration.Cli;

/// <summary>What one <c>balsam</c> command printed and returned.</summary>
public sealed record CliRun(string[] Args, int ExitCode, string Out, string Error, TimeSpan Elapsed)
{
    public override string ToString() =>
        $"balsam {string.Join(' ', Args)} -> exit {ExitCode} in {Elapsed.TotalMilliseconds:0} ms\n--- stdout ---\n{Out}--- stderr ---\n{Error}";

    /// <summary>Asserts success and returns this run for chaining.</summary>
    public CliRun Succeeded()
    {
        Assert.AreEqual(0, ExitCode, ToString());
        return this;
    }

    /// <summary>Asserts the exit code of an expected failure, and that no stack trace was printed.</summary>
    public CliRun Failed(int exitCode)
    {
        Assert.AreEqual(exitCode, ExitCode, ToString());
        Assert.DoesNotContain("   at ", Error, "expected errors print no stack trace\n" + this);
        Assert.DoesNotContain("Exception", Error, "expected errors print no exception type\n" + this);
        return this;
    }
}
