namespace Balsam.Silo.Rest.Core;

/// <summary>
/// A request body that remembers which of its fields came as JSON <c>null</c>: Balsam clears a nullable field sent as
/// null and leaves an absent one unchanged, and a C# null alone cannot tell the two apart.
/// <see cref="RestJson"/> calls <see cref="SentNull"/> while it reads such a body.
/// </summary>
internal interface INullTracking
{
    /// <summary>The field of this JSON name was sent as <c>null</c>.</summary>
    void SentNull(string jsonName);
}
