namespace Quickstart;

/// <summary>The quickstart's site: <c>deploy/quickstart.sh</c> passes its name.</summary>
internal static class QuickstartSite
{
    public static string Name => Environment.GetEnvironmentVariable("QUICKSTART_SITE") ?? "quickstart-demo";
}

[Description("Says hello")]
public sealed class Hello : ApplicationDefinition
{
    public override SiteRef Site => QuickstartSite.Name;

    public override string CommandTemplate => "echo Hello, {{ say_hello_to }}!";
}

[Description("The Euclidean norm of a vector")]
public sealed class VecNorm : ApplicationDefinition
{
    public override SiteRef Site => QuickstartSite.Name;

    public double Run(double[] vec) => Math.Sqrt(vec.Sum(x => x * x));
}
