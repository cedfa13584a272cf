using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Sdk.Apps;

[System.ComponentModel.Description("The Euclidean norm of a vector.")]
public sealed class VecNorm : ApplicationDefinition
{
    public override SiteRef Site => SdkWorld.SiteName;

    public Task<double> Run(double[] vec) => Task.FromResult(Math.Sqrt(vec.Sum(v => v * v)));
}
