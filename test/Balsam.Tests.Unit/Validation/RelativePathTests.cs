using Balsam.Validation;

namespace Balsam.Tests.Unit.Validation;

[TestClass]
public sealed class RelativePathTests
{
    [TestMethod]
    [DataRow("in.dat")]
    [DataRow(".")]
    [DataRow("out/result.txt")]
    [DataRow("a/./b")]
    [DataRow("*.tmp")]
    [DataRow("scratch/**")]
    [DataRow("..hidden")] // a name that starts with two dots is not a parent segment
    [DataRow("a..b/c")]
    [DataRow("...")]
    [DataRow("dir/")]
    public void RelativePathsInsideTheFolderAreAccepted(string path) => Assert.IsTrue(RelativePath.IsContained(path), path);

    [TestMethod]
    [DataRow("/etc/passwd")]
    [DataRow("/")]
    [DataRow("\\server\\share")]
    [DataRow("\\\\server\\share")]
    public void AbsolutePathsAreRefused(string path) => Assert.IsFalse(RelativePath.IsContained(path), path);

    [TestMethod]
    [DataRow("..")]
    [DataRow("../x")]
    [DataRow("a/../../b")]
    [DataRow("a/..")]
    [DataRow("a\\..\\b")]
    [DataRow("..\\x")]
    public void ParentSegmentsAreRefused(string path) => Assert.IsFalse(RelativePath.IsContained(path), path);

    [TestMethod]
    [DataRow("C:\\data\\in.dat")]
    [DataRow("c:/data")]
    [DataRow("D:")]
    [DataRow("C:relative")]
    public void WindowsDrivePathsAreRefused(string path) => Assert.IsFalse(RelativePath.IsContained(path), path);

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    [DataRow("a\0b")]
    public void EmptyBlankAndNulAreRefused(string? path) => Assert.IsFalse(RelativePath.IsContained(path), path ?? "null");

    [TestMethod]
    public void TheRuleExplainsItselfInWords()
    {
        Assert.Contains("relative", RelativePath.Rule);
        Assert.Contains("'..'", RelativePath.Rule);
    }
}
