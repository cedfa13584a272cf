using Balsam.Silo.Auth;

namespace Balsam.Tests.Unit.Auth;

/// <summary>PBKDF2 password hashes: the right password verifies, nothing else does, and every hash has its own salt.</summary>
[TestClass]
public sealed class PasswordHasherTests
{
    [TestMethod]
    public void TheRightPasswordVerifiesAndAWrongOneDoesNot()
    {
        var stored = PasswordHasher.Hash("correct horse battery");
        Assert.IsTrue(PasswordHasher.Verify("correct horse battery", stored));
        Assert.IsFalse(PasswordHasher.Verify("correct horse batterY", stored));
        Assert.IsFalse(PasswordHasher.Verify("", stored));
    }

    [TestMethod]
    public void TheAlgorithmAndCostAreStoredWithASixteenByteSalt()
    {
        var stored = PasswordHasher.Hash("correct horse battery");
        Assert.AreEqual("pbkdf2-sha256", stored.Algorithm);
        Assert.IsGreaterThanOrEqualTo(210_000, stored.Iterations);
        Assert.HasCount(16, stored.Salt);
        Assert.HasCount(32, stored.Hash);
    }

    [TestMethod]
    public void TheSamePasswordGetsADifferentSaltAndHashEachTime()
    {
        var first = PasswordHasher.Hash("same password");
        var second = PasswordHasher.Hash("same password");
        CollectionAssert.AreNotEqual(first.Salt, second.Salt);
        CollectionAssert.AreNotEqual(first.Hash, second.Hash);
        Assert.IsTrue(PasswordHasher.Verify("same password", second));
    }

    [TestMethod]
    public void AHashOfAnotherAlgorithmOrCostIsJudgedByWhatIsStored()
    {
        var stored = PasswordHasher.Hash("raise me later", iterations: PasswordHasher.MinimumIterations);
        Assert.AreEqual(PasswordHasher.MinimumIterations, stored.Iterations);
        Assert.IsTrue(PasswordHasher.Verify("raise me later", stored));
        Assert.IsFalse(PasswordHasher.Verify("raise me later", stored with { Algorithm = "md5" }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => PasswordHasher.Hash("too cheap", iterations: 1000));
    }

    [TestMethod]
    public void EmptyAndShortPasswordsAreRefusedWithAReason()
    {
        Assert.AreEqual("The password is empty", PasswordHasher.Problem(""));
        StringAssert.Contains(PasswordHasher.Problem("1234567"), "at least 8");
        Assert.IsNull(PasswordHasher.Problem("12345678"));
    }
}
