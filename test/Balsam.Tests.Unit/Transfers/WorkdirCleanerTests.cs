using Balsam.Launcher.SiteAgent.FileCleaner;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Transfers;

/// <summary>The file cleaner deletes only matching files inside the workdir, never through a symbolic link.</summary>
[TestClass]
public sealed class WorkdirCleanerTests
{
    [TestMethod]
    public void OnlyMatchingFilesInsideTheWorkdirGo()
    {
        var root = Directory.CreateTempSubdirectory("balsam-clean-").FullName;
        try
        {
            var workdir = Directory.CreateDirectory(Path.Combine(root, "w")).FullName;
            var outside = Directory.CreateDirectory(Path.Combine(root, "elsewhere")).FullName;
            File.WriteAllText(Path.Combine(outside, "precious.hdf"), "x");
            Directory.CreateDirectory(Path.Combine(workdir, "sub"));
            foreach (var file in new[] { "a.hdf", "b.txt", "sub/c.hdf" })
            {
                File.WriteAllText(Path.Combine(workdir, file), "x");
            }

            Directory.CreateSymbolicLink(Path.Combine(workdir, "linked"), outside);
            File.CreateSymbolicLink(Path.Combine(workdir, "link.hdf"), Path.Combine(outside, "precious.hdf"));

            var topOnly = WorkdirCleaner.Clean(workdir, ["*.hdf"]);
            CollectionAssert.AreEqual(new[] { "a.hdf" }, topOnly.ToArray(), "'*.hdf' is the top level only; a link is left alone");
            Assert.IsTrue(File.Exists(Path.Combine(workdir, "sub", "c.hdf")));

            var everywhere = WorkdirCleaner.Clean(workdir, ["**/*.hdf"]);
            CollectionAssert.AreEqual(new[] { "sub/c.hdf" }, everywhere.ToArray());
            Assert.IsTrue(File.Exists(Path.Combine(outside, "precious.hdf")), "nothing behind a symbolic link is deleted");
            Assert.IsTrue(File.Exists(Path.Combine(workdir, "b.txt")));
            Assert.AreEqual(0, WorkdirCleaner.Clean(workdir, ["../elsewhere/*.hdf"]).Count, "a glob never leaves the workdir");
            Assert.IsTrue(File.Exists(Path.Combine(outside, "precious.hdf")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
