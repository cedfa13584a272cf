namespace Balsam.Benchmarks;

/// <summary>Collects measurements and prints them as a table: value, the limit measured in the same run, and the ratio.</summary>
public sealed class Report
{
    private readonly List<(string Name, double Value, string Unit, string Limit, double LimitValue, bool HigherIsBetter)> _rows = [];

    public void Add(string name, double value, string unit, string limit, double limitValue, bool higherIsBetter = true)
    {
        _rows.Add((name, value, unit, limit, limitValue, higherIsBetter));
        Console.WriteLine($"  {name}: {value:N1} {unit} (limit: {limit} {limitValue:N1})");
    }

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"{"measurement",-52} {"value",14} {"unit",-10} {"physical limit (same run)",-44} {"limit",12} {"ratio",7}");
        foreach (var row in _rows)
        {
            var ratio = row.HigherIsBetter ? row.Value / row.LimitValue : row.LimitValue / row.Value;
            Console.WriteLine($"{row.Name,-52} {row.Value,14:N1} {row.Unit,-10} {row.Limit,-44} {row.LimitValue,12:N1} {ratio,7:P0}");
        }
    }
}
