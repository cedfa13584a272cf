using System.Text.Json.Nodes;
using Balsam.Launcher.Pilot;
using Balsam.Launcher.Pilot.RunApp;
using Balsam.States;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>What the launcher reports when a job's process ends: exit code, the run-app result file, a stop.</summary>
[TestClass]
public sealed class JobResultPatchTests
{
    [TestMethod]
    public void ExitZeroIsRunDone()
    {
        var patch = JobResultPatch.For(stopped: false, exitCode: 0, returnValue: null, exception: null, () => throw new AssertFailedException("no tail for RUN_DONE"));

        Assert.AreEqual(JobState.RunDone, patch.State);
        Assert.AreEqual(0, patch.ReturnCode);
        Assert.IsNull(patch.ReturnValue);
        Assert.IsNull(patch.Exception);
    }

    [TestMethod]
    public void NonZeroExitIsRunErrorWithTheCodeAndTheErrorTail()
    {
        var patch = JobResultPatch.For(stopped: false, exitCode: 3, returnValue: null, exception: null, () => "line 9\nline 10");

        Assert.AreEqual(JobState.RunError, patch.State);
        Assert.AreEqual(3, patch.ReturnCode);
        var data = JsonNode.Parse(patch.StateData!)!;
        Assert.AreEqual(3, data["returncode"]!.GetValue<int>());
        Assert.AreEqual("line 9\nline 10", data["error"]!.GetValue<string>());
    }

    [TestMethod]
    public void AStoppedJobIsRunTimeoutWhateverItsExitCode()
    {
        var patch = JobResultPatch.For(stopped: true, exitCode: 143, returnValue: null, exception: null, () => "");

        Assert.AreEqual(JobState.RunTimeout, patch.State);
        StringAssert.Contains(patch.StateData, "its wall time ended");
    }

    [TestMethod]
    public void TheRunAppResultFileGivesTheValueOrTheException()
    {
        var workdir = Directory.CreateTempSubdirectory("balsam-result-").FullName;
        try
        {
            RunResultFile.WriteValue(workdir, "42");
            var (value, exception) = RunResultFile.Take(workdir);
            var done = JobResultPatch.For(false, 0, value, exception, () => "");
            Assert.AreEqual("42", done.ReturnValue);
            Assert.AreEqual("", done.Exception, "a value clears an exception left by an earlier run");
            Assert.IsFalse(File.Exists(Path.Combine(workdir, RunResultFile.FileName)), "taken, so a rerun starts clean");

            RunResultFile.WriteException(workdir, """{"type":"System.DivideByZeroException"}""");
            (value, exception) = RunResultFile.Take(workdir);
            var failed = JobResultPatch.For(false, 1, value, exception, () => "boom");
            Assert.AreEqual(JobState.RunError, failed.State);
            Assert.AreEqual("""{"type":"System.DivideByZeroException"}""", failed.Exception);
            Assert.IsNull(failed.ReturnValue);
        }
        finally
        {
            Directory.Delete(workdir, recursive: true);
        }
    }

    [TestMethod]
    public void AReturnValueOverTheLimitFailsTheJobNamingTheLimitInsteadOfALoopOfReruns()
    {
        var huge = "\"" + new string('x', Balsam.Validation.Limits.SerializedPayloadMaxChars) + "\"";
        var patch = JobResultPatch.For(stopped: false, exitCode: 0, returnValue: huge, exception: null, () => "");

        Assert.AreEqual(JobState.Failed, patch.State);
        Assert.IsNull(patch.ReturnValue);
        StringAssert.Contains(JsonNode.Parse(patch.StateData!)!["message"]!.GetValue<string>(), $"the limit is {Balsam.Validation.Limits.SerializedPayloadMaxChars}");
    }

    [TestMethod]
    public void AnOversizedErrorTailAndExceptionAreCutWithAMarkerAndStillStorable()
    {
        var tail = "first" + new string('y', 3 * JobResultPatch.MaxErrorTailChars) + "last line";
        var exception = new JsonObject { ["type"] = "Boom", ["message"] = new string('z', Balsam.Validation.Limits.SerializedPayloadMaxChars) }.ToJsonString();
        var patch = JobResultPatch.For(stopped: false, exitCode: 1, returnValue: null, exception: exception, () => tail);

        Assert.AreEqual(JobState.RunError, patch.State);
        var kept = JsonNode.Parse(patch.StateData!)!["error"]!.GetValue<string>();
        Assert.IsLessThanOrEqualTo(JobResultPatch.MaxErrorTailChars, kept.Length);
        StringAssert.StartsWith(kept, "[... ");
        StringAssert.EndsWith(kept, "last line", "the end of the output is what matters");
        Assert.IsLessThanOrEqualTo(Balsam.Validation.Limits.SerializedPayloadMaxChars, patch.Exception!.Length);
        StringAssert.Contains(JsonNode.Parse(patch.Exception)!["message"]!.GetValue<string>(), "the limit is");
        Balsam.Jobs.JobFieldRules.CheckPatch(1, patch with { SessionId = 1 }); // the service takes it
    }
}
