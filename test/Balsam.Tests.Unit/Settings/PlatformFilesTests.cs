using System.Text.RegularExpressions;
using Balsam.BatchJobs;
using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Platforms;
using Balsam.Launcher.Scheduling;
using Balsam.Launcher.Scheduling.Templates;
using Balsam.Launcher.Settings;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Settings;

/// <summary>Every shipped platform's settings.yml loads and validates, and its job template renders (SPEC §9, §10).</summary>
[TestClass]
public sealed class PlatformFilesTests
{
    public static IEnumerable<object[]> Platforms => PlatformRegistry.All.Select(p => new object[] { p.Name });

    private static JobTemplateRequest Request(string queue = "debug", IReadOnlyDictionary<string, string>? optional = null) => new()
    {
        Project = "datascience",
        Queue = queue,
        NumNodes = 2,
        WallTimeMin = 90,
        JobMode = "mpi",
        FilterTags = new Dictionary<string, string> { ["experiment"] = "xpcs", ["run"] = "it's 1" },
        Partitions =
        [
            new BatchJobPartition { JobMode = JobMode.Mpi, NumNodes = 1 },
            new BatchJobPartition { JobMode = JobMode.Serial, NumNodes = 1, FilterTags = new() { ["kind"] = "small" } },
        ],
        OptionalParams = optional ?? new Dictionary<string, string>(),
        SitePath = "/home/me/my site",
        BalsamCommand = ["/opt/balsam/bin/balsam"],
    };

    [TestMethod]
    public void TheRegistryListsEveryPlatformFolderAndEachHasSettingsAndAJobTemplate()
    {
        var embedded = typeof(PlatformRegistry).Assembly.GetManifestResourceNames()
            .Where(r => r.StartsWith("platforms/", StringComparison.Ordinal))
            .Select(r => r.Split('/')[1]).Distinct().Order().ToArray();

        CollectionAssert.AreEquivalent(embedded, PlatformRegistry.Names.ToArray());
        CollectionAssert.IsSubsetOf(
            new[] { "linux", "macos", "slurm", "pbs", "polaris", "aurora", "sunspot", "perlmutter-cpu", "perlmutter-gpu" },
            PlatformRegistry.Names.ToArray());
        foreach (var platform in PlatformRegistry.All)
        {
            CollectionAssert.AreEqual(new[] { "job-template.sh", "settings.yml" }, platform.Files.Select(f => f.RelativePath).ToArray(), platform.Name);
            Assert.IsFalse(string.IsNullOrWhiteSpace(platform.Description), platform.Name);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void SettingsLoadAndValidate(string name)
    {
        var platform = PlatformRegistry.Get(name);

        var settings = SettingsLoader.Parse(platform.SettingsYaml, $"{name}/settings.yml");

        Assert.IsNotNull(settings.Scheduler, name);
        Assert.IsTrue(settings.Scheduler.AllowedQueues.Count > 0, $"{name}: a platform names its queues");
        Assert.IsNull(settings.ElasticQueue, name);
        Assert.IsNotNull(settings.Launcher.CreateMpiLauncher(), name);
        Assert.AreEqual(settings.Launcher.ComputeNode.Gpus, settings.Launcher.ComputeNode.EffectiveGpuIds.Count, name);
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void EveryKeyOfTheSettingsFileIsExplainedByAComment(string name)
    {
        var lines = PlatformRegistry.Get(name).SettingsYaml.Split('\n');
        for (var i = 1; i < lines.Length; i++)
        {
            // A key of a section (two or four spaces in) follows its comment; entries of a mapping the comment
            // above their parent explains (queues, optional parameters) follow their parent or a sibling.
            var match = Regex.Match(lines[i], @"^( {2}| {4})([a-z_]+):");
            var previous = lines[i - 1];
            if (!match.Success || previous.TrimStart().StartsWith('#') || previous.TrimEnd().EndsWith(':') || Regex.IsMatch(previous, @"^ {6,}[a-z_-]+:"))
            {
                continue;
            }

            Assert.Fail($"{name}/settings.yml line {i + 1} has no comment: {lines[i]}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void TheCommentedElasticQueueExampleIsValidWhenUncommented(string name)
    {
        var yaml = PlatformRegistry.Get(name).SettingsYaml;
        var example = Regex.Match(yaml, @"^#   elastic_queue:\n(?:#     .*\n)+", RegexOptions.Multiline).Value;
        Assert.IsFalse(string.IsNullOrEmpty(example), name);
        var uncommented = string.Join('\n', example.Split('\n').Select(l => l.Length > 4 ? l[4..] : l));

        var settings = SettingsLoader.Parse(yaml.Replace("elastic_queue: null\n", uncommented + "\n")
            .Replace("allowed_projects: []", "allowed_projects: [" + Regex.Match(example, @"submit_project: (\S+)").Groups[1].Value + "]"));

        Assert.IsNotNull(settings.ElasticQueue, name);
    }

    [TestMethod]
    [DynamicData(nameof(Platforms))]
    public void TheJobTemplateRendersWithTheSpecVariables(string name)
    {
        var platform = PlatformRegistry.Get(name);
        var settings = SettingsLoader.Parse(platform.SettingsYaml);
        var queue = settings.Scheduler!.AllowedQueues.Keys.First();

        var script = JobTemplateRenderer.Render(platform.JobTemplate, Request(queue), settings.Scheduler);

        Assert.IsFalse(script.Contains("{{", StringComparison.Ordinal) || script.Contains("}}", StringComparison.Ordinal), script);
        StringAssert.StartsWith(script, "#!/bin/bash\n");
        StringAssert.Contains(script, "export BALSAM_SITE_PATH='/home/me/my site'\n");
        StringAssert.Contains(script,
            "/opt/balsam/bin/balsam launcher -j mpi -t 88 --tag experiment=xpcs --tag 'run=it'\"'\"'s 1' --part mpi:1 --part serial:1:kind=small\n");
        if (settings.Scheduler.SchedulerClass == SchedulerClasses.Pbs)
        {
            StringAssert.Contains(script, "#PBS -l walltime=01:30:00\n");
            StringAssert.Contains(script, "#PBS -A datascience\n");
            StringAssert.Contains(script, $"#PBS -q {queue}\n");
            StringAssert.Contains(script, "#PBS -l select=2");
        }
        else if (settings.Scheduler.SchedulerClass == SchedulerClasses.Slurm)
        {
            StringAssert.Contains(script, "#SBATCH --time=01:30:00\n");
            StringAssert.Contains(script, "#SBATCH --nodes=2\n");
            StringAssert.Contains(script, "#SBATCH --account=datascience\n");
            StringAssert.Contains(script, $"={queue}\n");
            AssertDirectivesComeFirst(script, "#SBATCH");
        }

        AssertValidBash(script, name);
    }

    [TestMethod]
    public void OptionalParametersTakeTheirDefaultsUnlessTheBatchJobSetsThem()
    {
        var polaris = PlatformRegistry.Get("polaris");
        var scheduler = SettingsLoader.Parse(polaris.SettingsYaml).Scheduler!;

        StringAssert.Contains(JobTemplateRenderer.Render(polaris.JobTemplate, Request(), scheduler), "#PBS -l filesystems=home:grand:eagle\n");
        var own = new Dictionary<string, string> { ["filesystems"] = "home:eagle" };
        StringAssert.Contains(JobTemplateRenderer.Render(polaris.JobTemplate, Request(optional: own), scheduler), "#PBS -l filesystems=home:eagle\n");
    }

    [TestMethod]
    public void AnEmptyOptionalParameterLeavesItsSectionOut()
    {
        var perlmutter = PlatformRegistry.Get("perlmutter-gpu");
        var scheduler = SettingsLoader.Parse(perlmutter.SettingsYaml).Scheduler!;

        var without = JobTemplateRenderer.Render(perlmutter.JobTemplate, Request("regular"), scheduler);
        var with = JobTemplateRenderer.Render(perlmutter.JobTemplate,
            Request("regular", new Dictionary<string, string> { ["reservation"] = "hackathon" }), scheduler);

        Assert.IsFalse(without.Contains("--reservation", StringComparison.Ordinal), without);
        StringAssert.Contains(with, "#SBATCH --constraint=gpu\n#SBATCH --gpus-per-node=4\n#SBATCH --reservation=hackathon\n#");
        AssertDirectivesComeFirst(with, "#SBATCH");
    }

    [TestMethod]
    public void UnknownOptionalParametersAndUnsafeValuesAreRejected()
    {
        var linux = PlatformRegistry.Get("linux");
        var scheduler = SettingsLoader.Parse(linux.SettingsYaml).Scheduler!;

        var unknown = Assert.ThrowsExactly<JobTemplateException>(() => JobTemplateRenderer.Render(linux.JobTemplate,
            Request("local", new Dictionary<string, string> { ["shout"] = "yes" }), scheduler));
        StringAssert.Contains(unknown.Message, "optional parameter 'shout' is not allowed here");

        var newline = Assert.ThrowsExactly<JobTemplateException>(() => JobTemplateRenderer.Render(linux.JobTemplate,
            Request("local") with { Project = "p\nrm -rf ~", NumNodes = 3 }, scheduler));
        StringAssert.Contains(newline.Message, "project");
        StringAssert.Contains(newline.Message, "the partitions' nodes add up to 2, not the batch job's 3");
    }

    [TestMethod]
    public void AVariableTheRendererDoesNotKnowIsAnError()
    {
        var error = Assert.ThrowsExactly<JobTemplateException>(() =>
            JobTemplateRenderer.Render("#!/bin/bash\necho {{ nodes }}\n", Request(), new SchedulerSettings()));

        StringAssert.Contains(error.Message, "nodes");
    }

    [TestMethod]
    public void WallTimesAreHoursMinutesSeconds()
    {
        Assert.AreEqual("01:30:00", JobTemplateRenderer.HoursMinutesSeconds(90));
        Assert.AreEqual("00:05:00", JobTemplateRenderer.HoursMinutesSeconds(5));
        Assert.AreEqual("72:00:00", JobTemplateRenderer.HoursMinutesSeconds(4320));
    }

    [TestMethod]
    public void APlatformSiteTemplateWritesItsFilesAndRegistersItsQueues()
    {
        var folder = Directory.CreateTempSubdirectory("balsam-site-");
        try
        {
            var template = new PlatformSiteTemplate(PlatformRegistry.Get("polaris"));
            File.WriteAllText(Path.Combine(folder.FullName, "settings.yml"), "# mine\n");

            template.WriteFiles(folder.FullName);

            Assert.AreEqual("# mine\n", File.ReadAllText(Path.Combine(folder.FullName, "settings.yml")), "an existing file is kept");
            var script = Path.Combine(folder.FullName, "job-template.sh");
            Assert.AreEqual(PlatformRegistry.Get("polaris").JobTemplate, File.ReadAllText(script));
            if (!OperatingSystem.IsWindows())
            {
                Assert.IsTrue(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute));
            }
            Assert.AreEqual(496, template.Settings.AllowedQueues["prod"].MaxNodes);
            Assert.AreEqual("home:grand:eagle", template.Settings.OptionalBatchJobParams["filesystems"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void AnUnknownPlatformNameSuggestsTheClosest()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => PlatformRegistry.Get("polars"));

        StringAssert.Contains(error.Message, "did you mean 'polaris'?");
        Assert.AreSame(PlatformRegistry.Get("polaris"), PlatformRegistry.Find("POLARIS"));
    }

    private static void AssertDirectivesComeFirst(string script, string prefix)
    {
        // Slurm and PBS stop reading directives at the first line that is not a comment.
        var lines = script.Split('\n').Skip(1).ToArray();
        var firstCommand = Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
        var lastDirective = Array.FindLastIndex(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
        Assert.IsTrue(lastDirective < firstCommand, script);
    }

    private static void AssertValidBash(string script, string name)
    {
        using var bash = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/bash", ["-n"])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
        })!;
        bash.StandardInput.Write(script);
        bash.StandardInput.Close();
        var errors = bash.StandardError.ReadToEnd();
        bash.WaitForExit();
        Assert.AreEqual(0, bash.ExitCode, $"{name}: bash -n: {errors}");
    }
}
