using Balsam.Apps;
using Balsam.Errors;

namespace Balsam.Tests.Unit.Apps;

/// <summary>An app of Balsam's Python client: its own fields kept as one JSON object, with neither template nor Run method of ours.</summary>
[TestClass]
public sealed class PythonAppValidationTests
{
    private static AppDefinition Python(string json) => new()
    {
        Name = "NWChemGeomOpt",
        PythonApp = json,
        Parameters = new() { ["input_file"] = AppParameter.Optional("input.nw") },
    };

    [TestMethod]
    public void APythonAppPassesWithItsFieldsUnchanged()
    {
        var json = """{"serialized_class": "gAWV", "source_code": "class NWChemGeomOpt: ...", "python_exe": "/usr/bin/python3"}""";
        var validated = AppDefinitionValidator.Validate(Python(json));
        Assert.AreEqual(json, validated.PythonApp);
        Assert.IsTrue(validated.IsPythonApp);
        Assert.IsFalse(validated.IsRunApp);
        CollectionAssert.AreEqual(new[] { "input_file" }, validated.Parameters.Keys.ToArray());
    }

    [TestMethod]
    [DataRow("[1, 2]", "python_app: must be a JSON object")]
    [DataRow("not json", "python_app: must be a JSON object")]
    public void APythonAppThatIsNotAJsonObjectIsRefused(string json, string problem)
    {
        var error = Assert.ThrowsExactly<BalsamValidationException>(() => AppDefinitionValidator.Validate(Python(json)));
        StringAssert.Contains(error.Message, problem);
    }

    [TestMethod]
    public void APythonAppWithATemplateOfOursOrTooMuchJsonIsRefused()
    {
        var withTemplate = Python("{}") with { CommandTemplate = "echo hi" };
        StringAssert.Contains(Assert.ThrowsExactly<BalsamValidationException>(() => AppDefinitionValidator.Validate(withTemplate)).Message,
            "python_app: an app of Balsam's Python client has no command template or Run method");

        var huge = Python($$"""{"serialized_class": "{{new string('A', Balsam.Validation.Limits.PythonAppMaxChars)}}"}""");
        StringAssert.Contains(Assert.ThrowsExactly<BalsamValidationException>(() => AppDefinitionValidator.Validate(huge)).Message,
            "python_app: must be at most");
    }

    [TestMethod]
    public void APythonAppsSerializedClassDoesNotCountAgainstOurMetadataLimit()
    {
        var json = $$"""{"serialized_class": "{{new string('A', 262_144)}}"}""";
        Assert.AreEqual(json, AppDefinitionValidator.Validate(Python(json)).PythonApp);
    }

    [TestMethod]
    [DataRow(AppHooks.None)]
    [DataRow(AppHooks.ShellPreamble)]
    [DataRow(AppHooks.Preprocess)]
    public void APythonAppHasEveryProcessingHookSoItsJobsWaitForAProcessingService(AppHooks declared)
    {
        var validated = AppDefinitionValidator.Validate(Python("{}") with { OverriddenHooks = declared });
        Assert.AreEqual(AppHooks.Preprocess | AppHooks.Postprocess | AppHooks.HandleTimeout | AppHooks.HandleError, validated.OverriddenHooks);
        Assert.AreEqual(AppDefinition.PythonAppHooks, validated.OverriddenHooks);
    }

    [TestMethod]
    public void ACSharpAppKeepsTheHooksItDeclares()
    {
        var app = new AppDefinition { Name = "Hello", CommandTemplate = "echo hi", OverriddenHooks = AppHooks.Postprocess };
        Assert.AreEqual(AppHooks.Postprocess, AppDefinitionValidator.Validate(app).OverriddenHooks);
    }
}
