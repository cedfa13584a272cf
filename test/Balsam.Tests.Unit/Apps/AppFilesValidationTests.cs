using Balsam.Apps;
using static Balsam.Tests.Unit.Apps.AppTestData;
using static Balsam.Tests.Unit.Validation.ValidationAssert;

namespace Balsam.Tests.Unit.Apps;

/// <summary>Transfer slots, cleanup globs and environment variables: what touches the job's folder and process.</summary>
[TestClass]
public sealed class AppFilesValidationTests
{
    private static AppDefinition WithSlot(TransferSlot slot, string name = "input_data") =>
        Template() with { Transfers = new() { [name] = slot } };

    [TestMethod]
    public void ValidSlotsGlobsAndVariablesPass()
    {
        AppDefinitionValidator.Validate(Template() with
        {
            Transfers = new()
            {
                ["input_data"] = new TransferSlot { Direction = TransferDirection.In, LocalPath = "in/data.h5", Required = true },
                ["result"] = new TransferSlot { Direction = TransferDirection.Out, LocalPath = "." },
            },
            CleanupFiles = ["*.tmp", "scratch/**", "core.*"],
            EnvironmentVariables = new() { ["OMP_NUM_THREADS"] = "4", ["_X1"] = "", ["lower_case"] = "ok" },
        });
    }

    [TestMethod]
    [DataRow(2)]
    [DataRow(-1)]
    [DataRow(99)]
    public void TransferDirectionOutOfRangeIsRefused(int direction)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(WithSlot(new TransferSlot { Direction = (TransferDirection)direction })));
        HasProblem(error, "transfers.input_data.direction", "'in' or 'out'");
        ProblemFieldsAre(error, "transfers.input_data.direction");
    }

    [TestMethod]
    [DataRow("/data/in.dat")]
    [DataRow("../in.dat")]
    [DataRow("a/../../in.dat")]
    [DataRow("C:\\in.dat")]
    [DataRow("")]
    public void TransferLocalPathMustStayInTheWorkdir(string localPath)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(WithSlot(new TransferSlot { LocalPath = localPath })));
        HasProblem(error, "transfers.input_data.local_path", "relative path", "'..'", "workdir");
    }

    [TestMethod]
    [DataRow("1slot")]
    [DataRow("in")]
    [DataRow("my-slot")]
    public void TransferSlotNamesMustBeIdentifiers(string name)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(WithSlot(new TransferSlot(), name)));
        HasProblem(error, $"transfers.{name}", "slot name", "C# identifier");
    }

    [TestMethod]
    public void TransferDescriptionLengthIsLimited()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(WithSlot(new TransferSlot { Description = new string('d', 2_001) })));
        HasProblem(error, "transfers.input_data.description", "at most 2000 characters");
    }

    [TestMethod]
    public void CleanupGlobsOutsideTheWorkdirAreRefusedByIndex()
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template() with
        {
            CleanupFiles = ["*.tmp", "../*.log", "/tmp/*", "a/../../b", "ok/**"],
        }));
        HasProblem(error, "cleanup_files[1]", "glob", "relative path", "'..'");
        HasProblem(error, "cleanup_files[2]", "glob", "relative path");
        HasProblem(error, "cleanup_files[3]", "glob", "'..'");
        ProblemFieldsAre(error, "cleanup_files[1]", "cleanup_files[2]", "cleanup_files[3]");
    }

    [TestMethod]
    [DataRow("1BAD")]
    [DataRow("MY-VAR")]
    [DataRow("A B")]
    [DataRow("A=B")]
    [DataRow("")]
    [DataRow("ÜBER")]
    public void EnvironmentVariableNamesArePortable(string name)
    {
        var error = Fails(() => AppDefinitionValidator.Validate(Template() with { EnvironmentVariables = new() { [name] = "1" } }));
        HasProblem(error, $"environment_variables.{name}", "letters, digits and '_'", "not starting with a digit");
    }
}
