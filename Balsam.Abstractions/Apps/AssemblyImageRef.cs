namespace Balsam.Apps;

/// <summary>Where an app's code lives: an assembly image stored once by content hash, and the type in it.</summary>
[GenerateSerializer, Alias("balsam.AssemblyImageRef")]
public sealed record AssemblyImageRef
{
    /// <summary>Lower-case hex SHA-256 of the assembly image.</summary>
    [Id(0)] public required string ContentHash { get; init; }

    [Id(1)] public required string AssemblyName { get; init; }

    /// <summary>The full name of the <c>ApplicationDefinition</c> subclass inside the assembly.</summary>
    [Id(2)] public required string TypeName { get; init; }

    [Id(3)] public long SizeBytes { get; init; }
}
