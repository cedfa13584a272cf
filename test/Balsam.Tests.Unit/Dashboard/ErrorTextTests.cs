using Balsam.Silo.Dashboard.Sites;

namespace Balsam.Tests.Unit.Dashboard;

[TestClass]
public sealed class ErrorTextTests
{
    [TestMethod]
    public void TheErrorTailComesFirstThenTheMessageThenTheException()
    {
        Assert.AreEqual("tail", ErrorText.Of("""{"message": "m", "error": "tail", "exception": "x"}"""));
        Assert.AreEqual("m", ErrorText.Of("""{"message": "m", "exception": "x"}"""));
        Assert.AreEqual("x", ErrorText.Of("""{"exception": "x", "returncode": 1}"""));
    }

    [TestMethod]
    public void DataWithoutAnErrorHasNone()
    {
        Assert.IsNull(ErrorText.Of("{}"));
        Assert.IsNull(ErrorText.Of("""{"error": ""}"""));
        Assert.IsNull(ErrorText.Of("not json"));
        Assert.IsNull(ErrorText.Of("[1]"));
        Assert.IsNull(ErrorText.Of(null));
    }
}
