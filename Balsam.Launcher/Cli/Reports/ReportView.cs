namespace Balsam.Launcher.Cli.Reports;

/// <summary>How one report is shown: its title, what its values count, and whether it is drawn as steps.</summary>
/// <param name="Title">The report's name, e.g. "Throughput: jobs reaching JOB_FINISHED".</param>
/// <param name="ValueLabel">What a value counts, e.g. "finished jobs"; the plot's y axis.</param>
/// <param name="Steps">Draw as a step plot (the value holds until the next point).</param>
/// <param name="ShowRate">Report the average rate per minute (cumulative counts).</param>
internal sealed record ReportView(string Title, string ValueLabel, bool Steps, bool ShowRate);
