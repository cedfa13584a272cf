namespace Balsam.Errors;

/// <summary>The resource asked for does not exist (the twin of Balsam's <c>DoesNotExist</c>).</summary>
[GenerateSerializer, Alias("balsam.ResourceNotFoundException")]
public sealed class ResourceNotFoundException : Exception
{
    public ResourceNotFoundException(string resource, string key)
        : base($"{resource} {key} does not exist")
    {
        Resource = resource;
        Key = key;
    }

    /// <summary>The kind of resource: Site, App, Job, ...</summary>
    [Id(0)] public string Resource { get; }

    /// <summary>The id or name that was looked up.</summary>
    [Id(1)] public string Key { get; }
}
