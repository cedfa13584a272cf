namespace Balsam.Silo.Auth;

/// <summary>A stored password: the algorithm and cost it was hashed with, its salt and the hash.</summary>
internal sealed record PasswordHash(string Algorithm, int Iterations, byte[] Salt, byte[] Hash);
