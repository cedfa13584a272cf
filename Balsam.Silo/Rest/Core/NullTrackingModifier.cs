using System.Text.Json.Serialization.Metadata;

namespace Balsam.Silo.Rest.Core;

/// <summary>
/// A System.Text.Json contract modifier: the setter of every property of an <see cref="INullTracking"/> body also
/// reports a null it is given (the reader calls setters only for fields present in the JSON).
/// </summary>
internal static class NullTrackingModifier
{
    public static void Apply(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object || !typeof(INullTracking).IsAssignableFrom(info.Type))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.Set is not { } set)
            {
                continue;
            }

            var name = property.Name;
            property.Set = (target, value) =>
            {
                if (value is null)
                {
                    ((INullTracking)target).SentNull(name);
                }

                set(target, value);
            };
        }
    }
}
