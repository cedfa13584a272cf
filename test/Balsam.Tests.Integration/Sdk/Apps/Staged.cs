using Balsam.Apps;
using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

public sealed class Staged : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public override string? CommandTemplate => "wc -l input.txt > {{ counts }}";

    public override Dictionary<string, ParameterSpec> Parameters => new() { ["counts"] = ParameterSpec.Optional("counts.txt") };

    public override Dictionary<string, TransferSlot> Transfers => new()
    {
        ["input"] = new TransferSlot { Required = true, Direction = TransferDirection.In, LocalPath = "input.txt", Description = "lines to count" },
        ["results"] = new TransferSlot { Direction = TransferDirection.Out, LocalPath = "counts.txt", Recursive = false },
    };
}
