namespace Balsam.Validation;

/// <summary>Size limits of stored entities (SPEC §1, §6; BALSAM-REFERENCE §1).</summary>
public static class Limits
{
    public const int SiteNameMaxLength = 100;
    public const int SitePathMaxLength = 512;
    public const int AppNameMaxLength = 200;
    public const int ContentHashMaxLength = 128;
    public const int DescriptionMaxLength = 10_000;
    public const int ParameterHelpMaxLength = 2_000;
    public const int ParameterDefaultMaxLength = 10_000;
    public const int CommandTemplateMaxLength = 64_000;
    public const int MaxParametersPerApp = 256;
    public const int MaxTransferSlotsPerApp = 64;
    public const int MaxCleanupGlobs = 256;
    public const int MaxEnvironmentVariables = 512;

    /// <summary>The serialized size of an app's metadata (Balsam's MAX_APP_SERIALIZED_SIZE).</summary>
    public const int AppSerializedMaxChars = 262_144;

    /// <summary>The JSON of a Python app's own fields (its serialized class of at most 262 144 characters, source, ...).</summary>
    public const int PythonAppMaxChars = 1_048_576;

    /// <summary>Serialized parameters, return values and exceptions of a job.</summary>
    public const int SerializedPayloadMaxChars = 512_000;

    /// <summary>The longest workdir (after normalisation), relative to the site's <c>data/</c> folder.</summary>
    public const int WorkdirMaxLength = 256;

    /// <summary>Tags on one job (or filter tags on one batch job or partition).</summary>
    public const int MaxTagsPerJob = 64;

    public const int TagKeyMaxLength = 256;

    public const int TagValueMaxLength = 1_024;

    /// <summary>All tags of one job together: keys and values plus 6 characters of quoting per tag.</summary>
    public const int TagsSerializedMaxChars = 16_384;
}
