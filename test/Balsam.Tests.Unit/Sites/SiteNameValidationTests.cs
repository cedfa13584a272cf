using Balsam.Sites;
using static Balsam.Tests.Unit.Validation.ValidationAssert;

namespace Balsam.Tests.Unit.Sites;

[TestClass]
public sealed class SiteNameValidationTests
{
    private static SiteSpec Named(string name) => new() { Name = name, Path = "/home/alice/sites/x" };

    [TestMethod]
    [DataRow("polaris")]
    [DataRow("my-site")]
    [DataRow("theta gpu")]
    [DataRow("site.1")]
    [DataRow("123abc")]
    [DataRow("Perlmutter_CPU")]
    [DataRow("été")]
    public void ReasonableNamesPass(string name)
    {
        SiteValidator.ValidateSpec(Named(name));
        SiteValidator.ValidateName(name);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("   ")]
    public void EmptyNamesAreRefused(string name)
    {
        var error = Fails(() => SiteValidator.ValidateSpec(Named(name)));
        HasProblem(error, "name", "must not be empty");
        ProblemFieldsAre(error, "name");
        HasProblem(Fails(() => SiteValidator.ValidateName(name)), "name", "must not be empty");
    }

    [TestMethod]
    public void NamesLongerThan100CharactersAreRefused()
    {
        SiteValidator.ValidateSpec(Named(new string('s', 100)));
        var error = Fails(() => SiteValidator.ValidateSpec(Named(new string('s', 101))));
        HasProblem(error, "name", "at most 100 characters");
    }

    [TestMethod]
    [DataRow("a,b")]
    [DataRow("a/b")]
    [DataRow("/")]
    [DataRow(",")]
    public void CommaAndSlashAreRefused(string name)
    {
        var error = Fails(() => SiteValidator.ValidateSpec(Named(name)));
        HasProblem(error, "name", "must not contain ',' or '/'");
    }

    [TestMethod]
    [DataRow("123")]
    [DataRow("0")]
    [DataRow("-5")]
    [DataRow("9223372036854775807")]
    public void NumericNamesAreRefusedBecauseNumbersSelectSitesById(string name)
    {
        var error = Fails(() => SiteValidator.ValidateName(name));
        HasProblem(error, "name", "must not be a number", "id");
        Assert.Contains($"site name '{name}'", error.Message);
    }

    [TestMethod]
    [DataRow(" polaris")]
    [DataRow("polaris ")]
    public void SurroundingWhiteSpaceIsRefused(string name) =>
        HasProblem(Fails(() => SiteValidator.ValidateSpec(Named(name))), "name", "white space");

    [TestMethod]
    [DataRow("a\tb")]
    [DataRow("a\nb")]
    [DataRow("a\u0000b")]
    public void ControlCharactersAreRefused(string name) =>
        HasProblem(Fails(() => SiteValidator.ValidateSpec(Named(name))), "name", "control characters");
}
