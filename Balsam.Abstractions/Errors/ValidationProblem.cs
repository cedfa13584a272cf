namespace Balsam.Errors;

/// <summary>One broken rule: the field it concerns (a dotted path such as <c>parameters.x.default</c>) and the rule in words.</summary>
[GenerateSerializer, Alias("balsam.ValidationProblem")]
public sealed record ValidationProblem([property: Id(0)] string Field, [property: Id(1)] string Rule)
{
    public override string ToString() => $"{Field}: {Rule}";
}
