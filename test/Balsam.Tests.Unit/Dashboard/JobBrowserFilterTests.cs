using Balsam.Errors;
using Balsam.Silo.Dashboard.Jobs;
using Balsam.States;

namespace Balsam.Tests.Unit.Dashboard;

[TestClass]
public sealed class JobBrowserFilterTests
{
    [TestMethod]
    public void AFilterNarrowsTheSitesJobsByStateTagAndAppNewestFirst()
    {
        var filter = JobBrowserFilter.Parse("run_error", "exp = a", "Echo", 3, 10);
        var query = filter.ToQuery(7);
        CollectionAssert.AreEqual(new long[] { 7 }, query.SiteIds);
        CollectionAssert.AreEqual(new[] { JobState.RunError }, query.States);
        Assert.AreEqual("a", query.Tags!["exp"]);
        CollectionAssert.AreEqual(new[] { "Echo" }, query.AppNames);
        Assert.IsTrue(query.Descending);
        Assert.AreEqual((3, 10), (filter.Page, filter.PageSize));
    }

    [TestMethod]
    public void EmptyFieldsFilterNothingAndTheFirstPageIsTheDefault()
    {
        var query = JobBrowserFilter.Parse("", " ", null, null, null).ToQuery(1);
        Assert.IsNull(query.States);
        Assert.IsNull(query.Tags);
        Assert.IsNull(query.AppNames);
        Assert.AreEqual(JobBrowserFilter.DefaultPageSize, JobBrowserFilter.Parse(null, null, null, null, null).PageSize);
    }

    [TestMethod]
    public void EveryBadFieldIsNamedWithItsRule()
    {
        var error = Assert.ThrowsExactly<BalsamValidationException>(() => JobBrowserFilter.Parse("SLEEPING", "exp", null, 0, 501));
        var fields = error.Problems.Select(p => p.Field).ToList();
        CollectionAssert.AreEquivalent(new[] { "state", "tag", "page", "pageSize" }, fields);
        StringAssert.Contains(error.Message, "'SLEEPING' is not a job state");
        StringAssert.Contains(error.Message, "KEY=VALUE");
    }
}
