using Balsam.Apps;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.SiteAgent.Transfers.Providers;
using Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;
using Balsam.Tests.Unit.Scheduling;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Transfers;

/// <summary>
/// The Globus provider against REPLAYED globus CLI outputs (Transfers/Recorded/globus; no endpoint is reachable here):
/// the exact command it submits, and how it reads task states and errors.
/// </summary>
[TestClass]
public sealed class GlobusTransferProviderTests
{
    private static readonly Guid Site = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private const string Remote = "6c54cade-bde5-45c1-bdea-f4bd71dba2cc";

    private static string Recorded(string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Transfers", "Recorded", "globus", file));

    private static GlobusTransferProvider Provider(RecordedCommandRunner runner) => new(runner, Site, "/site", "/~/balsam-site");

    [TestMethod]
    public async Task ASubmitIsOneBatchTaskFromTheLocationToTheSiteEndpointWithChecksumsAndEncryption()
    {
        string? batchFile = null;
        var runner = new RecordedCommandRunner().Answer("globus", new CommandResult(0, Recorded("transfer-accepted.json"), ""));
        var batch = new TransferBatch("dtn", Remote, TransferDirection.In,
        [
            new TransferFile(1, "/projects/demo/a.txt", "/site/data/job1/a.txt", false),
            new TransferFile(2, "/projects/demo/set", "/site/data/job1/set", true),
        ]);
        var runnerWithCapture = new CapturingRunner(runner, args => batchFile = File.ReadAllText(args[args.IndexOf("--batch") + 1]));

        var id = await new GlobusTransferProvider(runnerWithCapture, Site, "/site", "/~/balsam-site").SubmitAsync(batch, CancellationToken.None);

        Assert.AreEqual("4d3f7e15-5f0a-11ee-8a8d-0f7b7a1c2d3e", id);
        var args = runner.Asked.Single().Arguments;
        CollectionAssert.AreEqual(new[] { "transfer", Remote, Site.ToString() }, args.Take(3).ToArray(), "stage-in: location -> site");
        foreach (var flag in new[] { "--verify-checksum", "--encrypt", "--format" })
        {
            CollectionAssert.Contains(args.ToList(), flag);
        }

        Assert.AreEqual("size", args[args.ToList().IndexOf("--sync-level") + 1]);
        Assert.AreEqual(
            "\"/projects/demo/a.txt\" \"/~/balsam-site/data/job1/a.txt\"\n\"/projects/demo/set\" \"/~/balsam-site/data/job1/set\" --recursive\n",
            batchFile, "site paths are rewritten to the endpoint's view (globus_endpoint_site_path)");
    }

    [TestMethod]
    public async Task ARefusedSubmitSaysWhatGlobusSaid()
    {
        var runner = new RecordedCommandRunner().Answer("globus", new CommandResult(1, "", Recorded("transfer-endpoint-not-found.txt")));
        var batch = new TransferBatch("dtn", Remote, TransferDirection.Out, [new TransferFile(1, "/site/data/j/out.txt", "/projects/out.txt", false)]);

        var error = await Assert.ThrowsExactlyAsync<TransferProviderException>(() => Provider(runner).SubmitAsync(batch, CancellationToken.None));

        StringAssert.Contains(error.Message, "code: EndpointNotFound");
        StringAssert.Contains(error.Message, $"No such endpoint with id '{Remote}'");
        CollectionAssert.AreEqual(new[] { "transfer", Site.ToString(), Remote }, runner.Asked.Single().Arguments.Take(3).ToArray(), "stage-out: site -> location");
    }

    [TestMethod]
    [DataRow("task-active.json", TransferTaskState.Active, "OK")]
    [DataRow("task-succeeded.json", TransferTaskState.Done, "1 files, 1000000 bytes")]
    [DataRow("task-failed.json", TransferTaskState.Error, "FILE_NOT_FOUND: No such file or directory: /projects/demo/inputs/b.txt")]
    public async Task APollReadsTheTaskState(string recorded, TransferTaskState state, string message)
    {
        var runner = new RecordedCommandRunner().Answer("globus", new CommandResult(0, Recorded(recorded), ""), "task", "show", "T1", "--format", "json");

        var status = await Provider(runner).PollAsync("T1", CancellationToken.None);

        Assert.AreEqual(state, status.State);
        Assert.AreEqual(message, status.Message);
    }

    /// <summary>Reads the batch file while it exists (the provider deletes it after the call).</summary>
    private sealed class CapturingRunner(ICommandRunner inner, Action<List<string>> capture) : ICommandRunner
    {
        public Task<CommandResult> RunAsync(CommandLine command, CancellationToken cancellationToken)
        {
            capture([.. command.Arguments]);
            return inner.RunAsync(command, cancellationToken);
        }
    }
}
