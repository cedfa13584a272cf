using Balsam.Client;
using Balsam.Client.Auth;

namespace Balsam.Tests.Unit.Auth;

/// <summary>Where a client's token comes from, the token file's modes, and a renewed file being picked up.</summary>
[TestClass]
public sealed class TokenSourceTests
{
    private string _home = null!;

    [TestInitialize]
    public void CreateHome() => _home = Path.Combine(Directory.CreateTempSubdirectory("balsam-token-").FullName, "home");

    [TestCleanup]
    public void DeleteHome() => Directory.Delete(Path.GetDirectoryName(_home)!, recursive: true);

    [TestMethod]
    public void TheTokenFileIsTheOwnersOnlyInAFolderCreatedForTheOwnerOnly()
    {
        var path = TokenFile.PathIn(_home);
        TokenFile.Write(path, "first");
        Assert.AreEqual(Path.Combine(_home, "token"), path);
        Assert.AreEqual("first", TokenFile.Read(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_home));
        }

        TokenFile.Write(path, "second");
        Assert.AreEqual("second", TokenFile.Read(path));
        Assert.HasCount(1, Directory.GetFiles(_home));
        Assert.IsTrue(TokenFile.Delete(path));
        Assert.IsNull(TokenFile.Read(path));
        Assert.IsFalse(TokenFile.Delete(path));
    }

    [TestMethod]
    public void AnOptionWinsOverTheVariableWhichWinsOverTheFile()
    {
        TokenFile.Write(TokenFile.PathIn(_home), "from-file");
        Dictionary<string, string?> environment = new() { ["BALSAM_HOME"] = _home };
        Assert.AreEqual("from-file", TokenSource.Resolve(new BalsamClientOptions(), environment.GetValueOrDefault).Current);

        environment[BalsamClientOptions.TokenVariable] = "from-variable";
        var fromVariable = TokenSource.Resolve(new BalsamClientOptions(), environment.GetValueOrDefault);
        Assert.AreEqual("from-variable", fromVariable.Current);
        Assert.IsNull(fromVariable.FilePath);
        Assert.AreEqual("from-variable", fromVariable.EnvironmentValue);

        Assert.AreEqual("from-option", TokenSource.Resolve(new BalsamClientOptions { Token = "from-option" }, environment.GetValueOrDefault).Current);
    }

    [TestMethod]
    public void AVariableCanNameAFileAndChildrenAreGivenTheFile()
    {
        var other = Path.Combine(Path.GetDirectoryName(_home)!, "elsewhere");
        TokenFile.Write(other, "in-another-file");
        var source = TokenSource.Resolve(new BalsamClientOptions(), name => name == BalsamClientOptions.TokenVariable ? "@" + other : null);
        Assert.AreEqual("in-another-file", source.Current);
        Assert.AreEqual("@" + other, source.EnvironmentValue);
    }

    [TestMethod]
    public async Task ARenewedTokenFileIsPickedUpWithoutARestart()
    {
        var path = TokenFile.PathIn(_home);
        var source = TokenSource.Resolve(new BalsamClientOptions { BalsamHome = _home }, _ => null);
        Assert.IsNull(source.Current);
        TokenFile.Write(path, "old");
        await Task.Delay(1100);
        Assert.AreEqual("old", source.Current);
        TokenFile.Write(path, "renewed");
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5)); // a coarse file-system clock cannot hide the change
        await Task.Delay(1100);
        Assert.AreEqual("renewed", source.Current);
        TokenFile.Delete(path);
        await Task.Delay(1100);
        Assert.IsNull(source.Current);
    }
}
