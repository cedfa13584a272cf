using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Balsam.Silo.Auth;

/// <summary>Bearer tokens: 32 random bytes shown once as base64url (43 characters), stored only as their SHA-256 hash.</summary>
internal static class AccessTokens
{
    public const int TokenBytes = 32;

    /// <summary>The length of a token's text: 32 bytes in unpadded base64url.</summary>
    public const int TokenLength = 43;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>Whether the text can be a token at all (length and alphabet), before any database lookup.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: TokenLength } && Base64Url.IsValid(token, out var decoded) && decoded == TokenBytes;

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));
}
