using System.Globalization;

namespace Balsam.Benchmarks;

/// <summary>
/// Collects the figures of issue 14 and prints them: a human line as each is measured, then a table, then one
/// machine-readable line per figure, <c>BENCH name value unit limit=L ratio=R</c>, in <see cref="Figures"/> order.
/// A figure that was not measured is printed as <c>BENCH name n/a reason</c>, never as a number.
/// </summary>
public sealed class Report
{
    /// <summary>Every figure the benchmark promises, in the order they are printed.</summary>
    public static readonly IReadOnlyList<string> Figures =
    [
        "e2e_serial_jobs_per_s", "e2e_serial_ratio", "service_cpu_ms_per_job", "launcher_cpu_ms_per_job",
        "bulk_create_jobs_per_s", "bulk_create_ratio", "acquire_1m_p50_ms", "count_1m_ms", "list_1m_p50_ms", "list_1m_p99_ms",
        "cli_list_ms", "dispatch_p50_ms", "dispatch_p99_ms", "result_p50_ms", "runapp_roundtrip_p50_ms", "runapp_jobs_per_s",
        "mpi_local_jobs_per_s", "mpi_mpiexec_ratio", "silo_rss_1m_mb",
        "rest_bulk_create_jobs_per_s", "rest_list_100_p50_ms", "rest_list_100_p99_ms", "rest_acquire_100_ms",
    ];

    private readonly Dictionary<string, FigureValue> _figures = [];
    private readonly Dictionary<string, string> _missing = [];
    private readonly List<string> _details = [];

    /// <summary>
    /// Records a figure. <paramref name="limit"/> is the physical limit measured in the same run where there is one,
    /// else the issue's bar (<paramref name="limitSource"/> says which); the ratio is value/limit when higher is
    /// better, limit/value otherwise, so 1 or more meets the limit.
    /// </summary>
    public void Figure(string name, double value, string unit, double? limit, string limitSource, bool higherIsBetter = true)
    {
        if (!Figures.Contains(name))
        {
            throw new ArgumentException($"'{name}' is not one of the benchmark's figures", nameof(name));
        }

        double? ratio = limit is not { } l || value == 0 ? null : higherIsBetter ? value / l : l / value;
        _figures[name] = new FigureValue(value, unit, limit, ratio, limitSource);
        Console.WriteLine($"  {name}: {Number(value)} {unit} (limit: {limitSource} {(limit is { } shown ? Number(shown) : "-")})");
    }

    /// <summary>Records why a figure could not be measured (the first reason wins).</summary>
    public void NotAvailable(string name, string reason)
    {
        if (_figures.ContainsKey(name) || !_missing.TryAdd(name, reason))
        {
            return;
        }

        Console.WriteLine($"  {name}: n/a ({reason})");
    }

    /// <summary>A measurement printed beside the figures (not a BENCH line): context for a reader.</summary>
    public void Detail(string name, double value, string unit, string limit, double limitValue, bool higherIsBetter = true)
    {
        var ratio = higherIsBetter ? value / limitValue : limitValue / value;
        var line = $"{name,-56} {Number(value),12} {unit,-8} {limit,-46} {Number(limitValue),12} {ratio,7:P0}";
        _details.Add(line);
        Console.WriteLine($"  {name}: {Number(value)} {unit} (limit: {limit} {Number(limitValue)})");
    }

    public void Print(TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"measurement",-56} {"value",12} {"unit",-8} {"physical limit (same run)",-46} {"limit",12} {"ratio",7}");
        foreach (var line in _details)
        {
            output.WriteLine(line);
        }

        output.WriteLine();
        foreach (var name in Figures)
        {
            if (_figures.TryGetValue(name, out var f))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"BENCH {name} {Plain(f.Value)} {f.Unit} limit={(f.Limit is { } l ? Plain(l) : "none")} ratio={(f.Ratio is { } r ? r.ToString("0.###", CultureInfo.InvariantCulture) : "none")}"));
            }
            else
            {
                output.WriteLine($"BENCH {name} n/a {(_missing.TryGetValue(name, out var why) ? why : "not measured in this run")}");
            }
        }
    }

    private static string Number(double value) => value.ToString(Math.Abs(value) >= 100 ? "N0" : "N2", CultureInfo.InvariantCulture);

    private static string Plain(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.###", CultureInfo.InvariantCulture);
}
