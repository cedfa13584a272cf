using System.Security.Cryptography;
using System.Text;

namespace Balsam.Silo.Auth;

/// <summary>
/// PBKDF2-HMAC-SHA256 password hashes (the framework's <see cref="Rfc2898DeriveBytes.Pbkdf2(byte[], byte[], int, HashAlgorithmName, int)"/>)
/// with a random 16-byte salt. The algorithm and iteration count are stored with each hash, so the cost can be raised
/// later without invalidating existing passwords.
/// </summary>
internal static class PasswordHasher
{
    public const string Algorithm = "pbkdf2-sha256";

    /// <summary>OWASP's current recommendation for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    /// <summary>The fewest iterations accepted when verifying or hashing.</summary>
    public const int MinimumIterations = 210_000;

    public const int SaltBytes = 16;

    public const int HashBytes = 32;

    public const int MinimumPasswordLength = 8;

    public static PasswordHash Hash(string password, int iterations = DefaultIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinimumIterations);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordHash(Algorithm, iterations, salt, Derive(password, salt, iterations, HashBytes));
    }

    /// <summary>Whether the password matches, compared in constant time; false for an unknown algorithm.</summary>
    public static bool Verify(string password, PasswordHash stored)
    {
        if (stored.Algorithm != Algorithm || stored.Iterations < 1 || stored.Hash.Length == 0)
        {
            return false;
        }

        var candidate = Derive(password, stored.Salt, stored.Iterations, stored.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(candidate, stored.Hash);
    }

    /// <summary>Null when the password is acceptable, else what is wrong with it.</summary>
    public static string? Problem(string? password) =>
        string.IsNullOrEmpty(password) ? "The password is empty"
        : password.Length < MinimumPasswordLength ? $"The password is too short: use at least {MinimumPasswordLength} characters"
        : null;

    private static byte[] Derive(string password, byte[] salt, int iterations, int length) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, length);
}
