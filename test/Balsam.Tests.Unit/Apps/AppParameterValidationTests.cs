using Balsam.Apps;
using static Balsam.Tests.Unit.Apps.AppTestData;
using static Balsam.Tests.Unit.Validation.ValidationAssert;

namespace Balsam.Tests.Unit.Apps;

/// <summary>The parameters spec: required means no default; optional means a non-empty default; names are identifiers.</summary>
[TestClass]
public sealed class AppParameterValidationTests
{
    [TestMethod]
    public void ARequiredParameterWithADefaultIsRefused()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template() with
        {
            Parameters = new() { ["name"] = new AppParameter { Required = true, Default = "world" } },
        }));
        HasProblem(error, "parameters.name.default", "required parameter cannot have a default");
        ProblemFieldsAre(error, "parameters.name.default");
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    public void AnOptionalParameterWithoutADefaultIsRefused(string? defaultValue)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template() with
        {
            Parameters = new() { ["name"] = new AppParameter { Required = false, Default = defaultValue } },
        }));
        HasProblem(error, "parameters.name.default", "optional parameter needs a non-empty default");
    }

    [TestMethod]
    [DataRow("1x")]
    [DataRow("class")]
    [DataRow("a-b")]
    [DataRow("")]
    public void ParameterNamesInTheSpecMustBeIdentifiers(string name)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template("echo hi") with
        {
            Parameters = new() { [name] = AppParameter.Optional("1") },
        }));
        HasProblem(error, $"parameters.{name}", "name", "C# identifier");
    }

    [TestMethod]
    public void DefaultAndHelpLengthsAreLimited()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template() with
        {
            Parameters = new() { ["name"] = AppParameter.Optional(new string('v', 10_001), new string('h', 2_001)) },
        }));
        HasProblem(error, "parameters.name.default", "at most 10000 characters");
        HasProblem(error, "parameters.name.help", "at most 2000 characters");
    }

    [TestMethod]
    public void TheNumberOfParametersIsLimited()
    {
        var template = string.Concat(Enumerable.Range(0, 257).Select(i => $"{{{{ p{i} }}}} "));
        var error = Fails(() => AppDefinitionValidator.Validate(Template(template)));
        HasProblem(error, "parameters", "at most 256 parameters");
    }
}
