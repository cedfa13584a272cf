using Balsam.Client.Apps;
using Balsam.Client.Sites;

namespace Balsam.Tests.Integration.Launcher;

/// <summary>The quickstart's <c>Run</c> app: the Euclidean norm of a vector.</summary>
public sealed class VecNorm : ApplicationDefinition
{
    public override SiteRef Site => "run-site";

    public double Run(double[] vec) => Math.Sqrt(vec.Sum(x => x * x));
}

/// <summary>A <c>Run</c> app that fails, to show the exception travelling back to the caller.</summary>
public sealed class Divider : ApplicationDefinition
{
    public override SiteRef Site => "run-site";

    public async Task<int> Run(int numerator, int denominator)
    {
        await Task.Yield();
        return denominator == 0 ? throw new DivideByZeroException($"cannot divide {numerator} by zero") : numerator / denominator;
    }
}

/// <summary>A 2-rank <c>Run</c> app: every rank notes its rank and size in a file; rank 0 returns the result.</summary>
public sealed class RankReporter : ApplicationDefinition
{
    public override SiteRef Site => "run-site";

    public string Run()
    {
        File.WriteAllText($"rank-{Rank}-of-{Size}.txt", "here");
        return IsRankZero ? $"rank {Rank} of {Size} returned" : $"rank {Rank} must not be the result";
    }
}
