using Balsam.Apps;
using static Balsam.Tests.Unit.Apps.AppTestData;
using static Balsam.Tests.Unit.Validation.ValidationAssert;

namespace Balsam.Tests.Unit.Apps;

/// <summary>Name, template-or-Run shape, and the parameters spec completed from the template or the Run signature.</summary>
[TestClass]
public sealed class AppShapeValidationTests
{
    [TestMethod]
    public void AValidTemplateAppPassesAndGainsItsTemplateParametersAsRequired()
    {
        var app = Template("echo {{ greeting }}, {{ name }}! > {{out_file}}") with
        {
            Parameters = new() { ["greeting"] = AppParameter.Optional("Hello") },
        };

        var normalised = AppDefinitionValidator.Validate(app);

        CollectionAssert.AreEquivalent(new[] { "greeting", "name", "out_file" }, normalised.Parameters.Keys.ToArray());
        Assert.IsFalse(normalised.Parameters["greeting"].Required);
        Assert.AreEqual("Hello", normalised.Parameters["greeting"].Default);
        Assert.IsTrue(normalised.Parameters["name"].Required);
        Assert.IsNull(normalised.Parameters["name"].Default);
        Assert.IsTrue(normalised.Parameters["out_file"].Required);
        Assert.HasCount(1, app.Parameters, "the input is not modified");
    }

    [TestMethod]
    public void ATemplateAppMayDeclareParametersTheTemplateDoesNotUse()
    {
        var normalised = AppDefinitionValidator.Validate(Template("echo hi") with
        {
            Parameters = new() { ["unused"] = AppParameter.Optional("1") },
        });
        CollectionAssert.AreEquivalent(new[] { "unused" }, normalised.Parameters.Keys.ToArray());
    }

    [TestMethod]
    public void AValidRunAppPassesWithRequiredAndOptionalParameters()
    {
        var normalised = AppDefinitionValidator.Validate(RunApp("x", "y") with
        {
            Parameters = new() { ["y"] = AppParameter.Optional("5", "the second term") },
        });

        Assert.IsTrue(normalised.Parameters["x"].Required);
        Assert.IsFalse(normalised.Parameters["y"].Required);
        Assert.AreEqual("the second term", normalised.Parameters["y"].Help);
        Assert.IsTrue(normalised.IsRunApp);
    }

    [TestMethod]
    public void ARunAppWithoutParametersIsValid() =>
        Assert.IsEmpty(AppDefinitionValidator.Validate(RunApp()).Parameters);

    [TestMethod]
    public void BothTemplateAndRunAreRefused()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(RunApp("x") with { CommandTemplate = "echo {{ x }}" }));
        HasProblem(error, "command_template", "either", "not both");
        ProblemFieldsAre(error, "command_template");
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("   ")]
    public void NeitherTemplateNorRunIsRefused(string? template)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(new AppDefinition { Name = "Empty", CommandTemplate = template }));
        HasProblem(error, "command_template", "must define a command template or a Run method");
    }

    [TestMethod]
    public void RunSpecEntriesThatAreNotInTheSignatureAreRefused()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(RunApp("x", "y") with
        {
            Parameters = new() { ["y"] = AppParameter.Optional("1"), ["z"] = AppParameter.Optional("2") },
        }));
        HasProblem(error, "parameters.z", "not a parameter of the Run method");
        ProblemFieldsAre(error, "parameters.z");
    }

    [TestMethod]
    public void RunParameterListedTwiceIsRefused()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(RunApp("x", "x")));
        HasProblem(error, "run.x", "listed twice");
    }

    [TestMethod]
    [DataRow("1x")]
    [DataRow("class")]
    [DataRow("a-b")]
    public void RunParameterNamesMustBeIdentifiers(string name)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(RunApp(name)));
        HasProblem(error, $"run.{name}", "parameter name", "C# identifier");
    }

    [TestMethod]
    [DataRow("1x")]
    [DataRow("class")]
    [DataRow("a-b")]
    public void TemplatePlaceholdersMustBeIdentifiers(string name)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template($"echo {{{{ {name} }}}} {{{{ ok }}}}")));
        HasProblem(error, $"command_template.{{{{ {name} }}}}", "placeholder", "C# identifier");
        ProblemFieldsAre(error, $"command_template.{{{{ {name} }}}}");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("1App")]
    [DataRow("My App")]
    [DataRow("class")]
    [DataRow("My.App")]
    public void AppNameMustBeAnIdentifier(string name)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template(name: name)));
        HasProblem(error, "name", "C# identifier");
        Assert.Contains($"app '{name}'", error.Message, "the message names the app");
    }

    [TestMethod]
    public void AppNameLengthIsLimited()
    {
        AppDefinitionValidator.Validate(Template(name: new string('A', 200)));
        var error = Fails(() => AppDefinitionValidator.Validate(Template(name: new string('A', 201))));
        HasProblem(error, "name", "at most 200 characters");
    }

    [TestMethod]
    public void DescriptionLengthIsLimited()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template() with { Description = new string('d', 10_001) }));
        HasProblem(error, "description", "at most 10000 characters");
    }

    [TestMethod]
    public void CommandTemplateLengthIsLimited()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template("echo " + new string('x', 64_000))));
        HasProblem(error, "command_template", "at most 64000 characters");
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("  ")]
    public void ABlankRunnerExecutableIsRefused(string runner)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(RunApp("x") with { RunnerExecutable = runner }));
        HasProblem(error, "runner_executable", "must not be blank");
    }
}
