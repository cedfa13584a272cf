using Balsam.Launcher.Cli;
using Balsam.Launcher.Cli.Output;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Cli;

/// <summary>Whatever goes wrong, the user reads one clear line, not a stack trace.</summary>
[TestClass]
public sealed class ErrorReporterTests
{
    private static (int Code, string Text) Report(Exception exception)
    {
        var error = new StringWriter();
        var code = ErrorReporter.Report(exception, error);
        return (code, error.ToString());
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [TestMethod]
    public void AnUnexpectedExceptionIsOneLineNamingItsType()
    {
        var (code, text) = Report(Thrown(new InvalidOperationException("the grain said no\nmore detail")));

        Assert.AreEqual(ExitCodes.InternalError, code);
        Assert.AreEqual("error: unexpected failure (InvalidOperationException): the grain said no", text.TrimEnd());
    }

    [TestMethod]
    public void ATimeoutSaysTheServiceDidNotAnswerInTimeInOneLine()
    {
        var (_, text) = Report(Thrown(new TimeoutException("Response did not arrive on time in 00:00:30")));

        Assert.HasCount(1, text.TrimEnd().Split('\n'));
        StringAssert.StartsWith(text, "error: the service did not answer in time (Response did not arrive on time in 00:00:30)");
    }
}
