using System.Buffers.Text;
using Balsam.Auth;
using Balsam.Silo.Auth;

namespace Balsam.Tests.Unit.Auth;

/// <summary>Bearer tokens: 32 random bytes as base64url, stored as a SHA-256 hash; the Authorization header; lifetimes.</summary>
[TestClass]
public sealed class AccessTokenTests
{
    [TestMethod]
    public void ATokenIsThirtyTwoRandomBytesInBase64Url()
    {
        var token = AccessTokens.New();
        Assert.AreEqual(43, token.Length);
        Assert.IsTrue(token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), token);
        Assert.HasCount(32, Base64Url.DecodeFromChars(token));
        Assert.IsTrue(AccessTokens.IsWellFormed(token));
        Assert.AreNotEqual(token, AccessTokens.New());
    }

    [TestMethod]
    public void OnlyTheHashIsStoredAndItIsStable()
    {
        var token = AccessTokens.New();
        var hash = AccessTokens.Hash(token);
        Assert.HasCount(32, hash);
        CollectionAssert.AreEqual(hash, AccessTokens.Hash(token));
        CollectionAssert.AreNotEqual(hash, Base64Url.DecodeFromChars(token));
    }

    [TestMethod]
    public void MalformedTokensAreRejectedBeforeAnyLookup()
    {
        Assert.IsFalse(AccessTokens.IsWellFormed(null));
        Assert.IsFalse(AccessTokens.IsWellFormed(""));
        Assert.IsFalse(AccessTokens.IsWellFormed(AccessTokens.New()[..42]));
        Assert.IsFalse(AccessTokens.IsWellFormed(AccessTokens.New()[..42] + "="));
        Assert.IsFalse(AccessTokens.IsWellFormed(new string('+', 43)));
    }

    [TestMethod]
    public void TheBearerTokenOfAnAuthorizationHeader()
    {
        Assert.AreEqual("abc", AuthContext.TokenOfAuthorizationHeader("Bearer abc"));
        Assert.AreEqual("abc", AuthContext.TokenOfAuthorizationHeader("  bearer   abc "));
        Assert.IsNull(AuthContext.TokenOfAuthorizationHeader("Basic abc"));
        Assert.IsNull(AuthContext.TokenOfAuthorizationHeader("Bearer "));
        Assert.IsNull(AuthContext.TokenOfAuthorizationHeader(null));
    }

    [TestMethod]
    public void LifetimesAreWrittenWithAUnit()
    {
        Assert.AreEqual(TimeSpan.FromDays(30), TokenLifetime.Parse("30d", "token-ttl"));
        Assert.AreEqual(TimeSpan.FromHours(12), TokenLifetime.Parse("12h", "token-ttl"));
        Assert.AreEqual(TimeSpan.FromSeconds(1.5), TokenLifetime.Parse("1.5s", "token-ttl"));
        Assert.AreEqual(TimeSpan.FromHours(1), TokenLifetime.Parse("01:00:00", "token-ttl"));
        Assert.AreEqual("30d", TokenLifetime.Format(TokenLifetime.Default));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => TokenLifetime.Parse("0d", "token-ttl")).Message, "token-ttl");
        Assert.ThrowsExactly<ArgumentException>(() => TokenLifetime.Parse("soon", "ttl"));
    }
}
