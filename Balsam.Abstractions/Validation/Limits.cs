namespace Balsam.Validation;

/// <summary>Size limits of stored entities (SPEC §1, §6; BALSAM-REFERENCE §1).</summary>
public static class Limits
{
    public const int SiteNameMaxLength = 100;
    public const int SitePathMaxLength = 512;
    public const int AppNameMaxLength = 200;
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

    /// <summary>Serialized parameters, return values and exceptions of a job.</summary>
    public const int SerializedPayloadMaxChars = 512_000;
}
