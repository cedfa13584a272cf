using Balsam.Launcher.Sites;

namespace Balsam.Tests.Unit.Sites;

/// <summary>A job's workdir is checked on the real file system before anything is created in it.</summary>
[TestClass]
public sealed class WorkdirTests
{
    private string _root = null!;
    private string _site = null!;
    private string _outside = null!;

    [TestInitialize]
    public void MakeFolders()
    {
        _root = Directory.CreateTempSubdirectory("balsam-workdir-").FullName;
        _site = Path.Combine(_root, "site");
        _outside = Directory.CreateDirectory(Path.Combine(_root, "outside")).FullName;
        SiteLayout.Create(_site);
    }

    [TestCleanup]
    public void RemoveFolders() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public void APlainWorkdirAndOneNotYetMadeAreInsideData()
    {
        Directory.CreateDirectory(Path.Combine(_site, "data", "runs", "1"));
        Assert.AreEqual(Path.Combine(_site, "data", "runs/1"), SiteLayout.Workdir(_site, "runs/1"));
        Assert.AreEqual(Path.Combine(_site, "data", "new/deep/2"), SiteLayout.Workdir(_site, "new/deep/2"));
    }

    [TestMethod]
    public void AFolderLinkingOutOfDataIsRefusedAndNamesWhereItLeads()
    {
        Directory.CreateSymbolicLink(Path.Combine(_site, "data", "escape"), _outside);
        var error = Assert.ThrowsExactly<WorkdirOutsideSiteException>(() => SiteLayout.Workdir(_site, "escape/job/1"));
        StringAssert.Contains(error.Message, Path.Combine(_outside, "job", "1"));
        StringAssert.Contains(error.Message, "'escape/job/1'");
        Assert.IsFalse(Directory.Exists(Path.Combine(_outside, "job")), "nothing was created");
    }

    [TestMethod]
    public void ARelativeLinkUpAndOutIsRefusedToo()
    {
        Directory.CreateDirectory(Path.Combine(_site, "data", "a"));
        Directory.CreateSymbolicLink(Path.Combine(_site, "data", "a", "up"), "../../../outside");
        Assert.ThrowsExactly<WorkdirOutsideSiteException>(() => SiteLayout.Workdir(_site, "a/up"));
    }

    [TestMethod]
    public void ALinkThatStaysInsideDataAndADataFolderThatIsALinkAreFine()
    {
        Directory.CreateDirectory(Path.Combine(_site, "data", "real"));
        Directory.CreateSymbolicLink(Path.Combine(_site, "data", "alias"), Path.Combine(_site, "data", "real"));
        Assert.AreEqual(Path.Combine(_site, "data", "alias/x"), SiteLayout.Workdir(_site, "alias/x"));

        var linkedSite = Path.Combine(_root, "linked-site");
        Directory.CreateDirectory(linkedSite);
        Directory.CreateSymbolicLink(Path.Combine(linkedSite, "data"), _outside);
        Assert.AreEqual(Path.Combine(linkedSite, "data", "job"), SiteLayout.Workdir(linkedSite, "job"), "data/ on another file system is the site's choice");
    }
}
