namespace Balsam.Errors;

/// <summary>A name that must be unique is already taken.</summary>
[GenerateSerializer, Alias("balsam.NameConflictException")]
public sealed class NameConflictException : Exception
{
    public NameConflictException(string resource, string name, string scope)
        : base($"A {resource.ToLowerInvariant()} named '{name}' already exists {scope}")
    {
        Resource = resource;
        Name = name;
    }

    [Id(0)] public string Resource { get; }

    [Id(1)] public string Name { get; }
}
