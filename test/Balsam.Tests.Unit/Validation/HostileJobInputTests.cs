using Balsam.Apps;
using Balsam.BatchJobs;
using Balsam.Jobs;
using Balsam.Sites;
using Balsam.Validation;

namespace Balsam.Tests.Unit.Validation;

/// <summary>Job inputs meant to confuse the store or the site: control characters, many spellings of one workdir, huge tags.</summary>
[TestClass]
public sealed class HostileJobInputTests
{
    private static readonly SiteInfo Site = new() { Id = 1, Name = "theta", Path = "/lus/theta", Owner = "me", AppNames = ["Hello"] };

    private static readonly AppInfo App = new(7, 1, new AppDefinition { Name = "Hello", CommandTemplate = "echo hi" }, DateTimeOffset.UnixEpoch);

    private static JobSpec Job(string workdir, Dictionary<string, string>? tags = null) =>
        new() { SiteId = 1, AppName = "Hello", Workdir = workdir, Tags = tags ?? [] };

    private static IReadOnlyList<NewJob> Validate(params JobSpec[] specs) =>
        JobSpecValidator.Validate(specs, (_, _) => App, _ => Site);

    [TestMethod]
    [DataRow("a/b\nc", 0x0A, 3)]
    [DataRow("run\r", 0x0D, 3)]
    [DataRow("\ttabbed", 0x09, 0)]
    [DataRow("nul\0", 0x00, 3)]
    [DataRow("esc\u001B[31m", 0x1B, 3)]
    [DataRow("del\u007F", 0x7F, 3)]
    [DataRow("next\u0085line", 0x85, 4)]
    [DataRow("csi\u009B", 0x9B, 3)]
    public void AWorkdirWithAControlCharacterIsRefusedNamingItAndWhere(string workdir, int code, int position)
    {
        var error = ValidationAssert.Fails(() => Validate(Job(workdir)));
        ValidationAssert.HasProblem(error, "workdir", "control characters", $"U+{code:X4}", $"position {position}");
        ValidationAssert.ProblemFieldsAre(error, "workdir");
    }

    [TestMethod]
    public void TheFirstControlCharacterIsTheOneNamed() =>
        Assert.AreEqual("must not contain control characters (found U+0085 at position 1)", RelativePath.ControlCharacterProblem("a\u0085b\nc"));

    [TestMethod]
    [DataRow("plain/dir")]
    [DataRow("ünïcode/日本")]
    [DataRow("\u00A0nbsp")] // U+00A0 is a space, not a control character
    public void OrdinaryTextHasNoControlCharacterProblem(string text) => Assert.IsNull(RelativePath.ControlCharacterProblem(text));

    [TestMethod]
    [DataRow("a/b", "a/b")]
    [DataRow("./a/b", "a/b")]
    [DataRow("a//b", "a/b")]
    [DataRow("a/b/", "a/b")]
    [DataRow("a/./b", "a/b")]
    [DataRow(".//a/.//b//./", "a/b")]
    [DataRow("a\\b", "a\\b")]
    [DataRow("..x/y.", "..x/y.")]
    [DataRow(".", ".")]
    [DataRow("./", ".")]
    public void EverySpellingOfAWorkdirIsStoredInOneNormalForm(string workdir, string stored)
    {
        Assert.AreEqual(stored, RelativePath.Normalize(workdir));
        Assert.AreEqual(stored, Validate(Job(workdir))[0].Spec.Workdir);
    }

    [TestMethod]
    public void TwoSpellingsOfOneWorkdirInOneCallAreADuplicate()
    {
        var error = ValidationAssert.Fails(() => Validate(Job("a/b"), Job("c"), Job("./a//b/")));
        ValidationAssert.HasProblem(error, "jobs[2].workdir", "'a/b'", "jobs[0]", "unique");
        ValidationAssert.ProblemFieldsAre(error, "jobs[2].workdir");
    }

    [TestMethod]
    [DataRow("/abs/path")]
    [DataRow("a/../../b")]
    [DataRow("./../x")]
    [DataRow("a//..//b")]
    public void AbsoluteAndEscapingWorkdirsAreStillRefused(string workdir) =>
        ValidationAssert.HasProblem(ValidationAssert.Fails(() => Validate(Job(workdir))), "workdir", "relative", "'..'");

    [TestMethod]
    public void TheLengthLimitAppliesToTheNormalForm()
    {
        var longest = new string('x', Limits.WorkdirMaxLength);
        Assert.AreEqual(longest, Validate(Job("./" + longest + "/"))[0].Spec.Workdir);
        ValidationAssert.HasProblem(ValidationAssert.Fails(() => Validate(Job(longest + "y"))), "workdir", $"at most {Limits.WorkdirMaxLength}");
    }

    [TestMethod]
    public void TagsUpToEveryLimitAreAccepted()
    {
        var tags = Enumerable.Range(0, Limits.MaxTagsPerJob).ToDictionary(i => $"k{i}", i => "v");
        tags["k0"] = new string('v', Limits.TagValueMaxLength);
        tags[new string('k', Limits.TagKeyMaxLength)] = "v";
        tags.Remove("k1");
        Assert.HasCount(1, Validate(Job("ok", tags)));
    }

    [TestMethod]
    public void TooManyTagsAreRefused()
    {
        var tags = Enumerable.Range(0, Limits.MaxTagsPerJob + 1).ToDictionary(i => $"k{i}", i => "v");
        var error = ValidationAssert.Fails(() => Validate(Job("w", tags)));
        ValidationAssert.HasProblem(error, "tags", $"{Limits.MaxTagsPerJob + 1} tags", $"limit is {Limits.MaxTagsPerJob}");
        ValidationAssert.ProblemFieldsAre(error, "tags");
    }

    [TestMethod]
    public void TooLongTagKeysAndValuesAreRefused()
    {
        var key = new string('k', Limits.TagKeyMaxLength + 1);
        var error = ValidationAssert.Fails(() => Validate(Job("w", new() { [key] = "v", ["big"] = new string('v', Limits.TagValueMaxLength + 1) })));
        ValidationAssert.HasProblem(error, $"tags.{key[..64]}...", $"1 to {Limits.TagKeyMaxLength} characters", $"got {Limits.TagKeyMaxLength + 1}");
        ValidationAssert.HasProblem(error, "tags.big", $"at most {Limits.TagValueMaxLength} characters");
    }

    [TestMethod]
    public void TagsTooLargeTogetherAreRefused()
    {
        var tags = Enumerable.Range(0, 20).ToDictionary(i => $"k{i:D2}", _ => new string('v', 1_000));
        var error = ValidationAssert.Fails(() => Validate(Job("w", tags)));
        ValidationAssert.HasProblem(error, "tags", "serialized size", $"exceeds {Limits.TagsSerializedMaxChars}");
        ValidationAssert.ProblemFieldsAre(error, "tags");
    }

    [TestMethod]
    public void AnUpdateIsHeldToTheSameTagLimits()
    {
        var tags = Enumerable.Range(0, Limits.MaxTagsPerJob + 1).ToDictionary(i => $"k{i}", i => "v");
        var error = ValidationAssert.Fails(() => JobFieldRules.CheckPatch(5, new JobPatch { Tags = tags }));
        ValidationAssert.HasProblem(error, "tags", $"limit is {Limits.MaxTagsPerJob}");
    }

    [TestMethod]
    public void BatchJobFilterTagsAreHeldToTheSameLimits()
    {
        var spec = new BatchJobSpec
        {
            SiteId = 1, Project = "p", Queue = "q", NumNodes = 1, WallTimeMin = 10, JobMode = JobMode.Mpi,
            FilterTags = Enumerable.Range(0, Limits.MaxTagsPerJob + 1).ToDictionary(i => $"k{i}", i => "v"),
        };
        var error = ValidationAssert.Fails(() => BatchJobValidator.Validate(spec, Site));
        ValidationAssert.HasProblem(error, "filter_tags", $"limit is {Limits.MaxTagsPerJob}");
    }
}
