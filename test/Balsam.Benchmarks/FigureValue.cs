namespace Balsam.Benchmarks;

/// <summary>One measured figure: its value, the limit it is compared with (and where that limit comes from) and the ratio.</summary>
public sealed record FigureValue(double Value, string Unit, double? Limit, double? Ratio, string LimitSource);
