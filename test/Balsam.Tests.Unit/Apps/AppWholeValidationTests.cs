using Balsam.Apps;
using static Balsam.Tests.Unit.Apps.AppTestData;
using static Balsam.Tests.Unit.Validation.ValidationAssert;

namespace Balsam.Tests.Unit.Apps;

/// <summary>Properties of the validation as a whole: every problem at once, and the serialized size limit.</summary>
[TestClass]
public sealed class AppWholeValidationTests
{
    [TestMethod]
    public void EveryProblemIsReportedAtOnceWithItsField()
    {
        var app = new AppDefinition
        {
            Name = "1Bad",
            CommandTemplate = "run {{ class }} {{ x }} {{ y }}",
            Parameters =
            {
                ["x"] = new AppParameter { Required = true, Default = "3" },
                ["y"] = new AppParameter { Required = false },
                ["a-b"] = AppParameter.Optional("1"),
            },
            Transfers = new() { ["input_data"] = new TransferSlot { Direction = (TransferDirection)7, LocalPath = "/abs" } },
            CleanupFiles = ["../x"],
            EnvironmentVariables = new() { ["1BAD"] = "v" },
            RunnerExecutable = " ",
        };

        var error = Fails(() => AppDefinitionValidator.Validate(app));

        ProblemFieldsAre(error,
            "name", "command_template.{{ class }}", "parameters.x.default", "parameters.y.default", "parameters.a-b",
            "transfers.input_data.direction", "transfers.input_data.local_path", "cleanup_files[0]",
            "environment_variables.1BAD", "runner_executable");
        Assert.AreEqual("app '1Bad'", error.Subject);
        Assert.StartsWith("Invalid app '1Bad':", error.Message);
        foreach (var problem in error.Problems)
        {
            Assert.Contains($"  - {problem.Field}: {problem.Rule}", error.Message);
        }
    }

    [TestMethod]
    public void ASingleProblemGivesAOneLineMessage()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template() with { EnvironmentVariables = new() { ["1X"] = "" } }));
        Assert.AreEqual(
            "Invalid app 'Hello': environment_variables.1X: name must be letters, digits and '_', not starting with a digit",
            error.Message);
    }

    [TestMethod]
    public void SerializedSizeOverTheLimitIsRefused()
    {
        // Each field is within its own limit; together they exceed the app's serialized size limit.
        var app = Template() with { EnvironmentVariables = new() { ["BIG"] = new string('x', 270_000) } };

        var error = Fails(() => AppDefinitionValidator.Validate(app));

        var problem = HasProblem(error, "app", "serialized size", "exceeds the limit of 262144");
        ProblemFieldsAre(error, "app");
        Assert.MatchesRegex(@"serialized size 27\d{4} characters", problem.Rule);
    }

    [TestMethod]
    public void SerializedSizeJustUnderTheLimitPasses()
    {
        var app = Template() with { EnvironmentVariables = new() { ["BIG"] = new string('x', 250_000) } };
        Assert.AreEqual(250_000, AppDefinitionValidator.Validate(app).EnvironmentVariables["BIG"].Length);
    }

    [TestMethod]
    public void SizeCountsCharactersAsStoredNotAsEscapedJson()
    {
        // 200,000 '<' would be 1,200,000 characters as \u003C; as stored they are 200,000.
        var app = Template() with { EnvironmentVariables = new() { ["ARROWS"] = new string('<', 200_000) } };
        Assert.AreEqual(200_000, AppDefinitionValidator.Validate(app).EnvironmentVariables["ARROWS"].Length);
    }
}
