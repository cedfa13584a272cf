using System.Globalization;
using System.Text.RegularExpressions;

namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>What every launcher requires of a request, checked before any argv is built.</summary>
internal static partial class LaunchRequestChecks
{
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
    private static partial Regex HostName();

    public static void Validate(LaunchRequest request, string launcher)
    {
        Require(request.Command.Count > 0 && request.Command[0].Length > 0, launcher, "the command is empty");
        Require(request.Hosts.Count > 0, launcher, "the job was placed on no host");
        foreach (var host in request.Hosts)
        {
            Require(HostName().IsMatch(host), launcher, $"'{host}' is not a host name");
        }

        Require(request.RanksPerNode >= 1, launcher, "ranks_per_node must be at least 1");
        Require(request.ThreadsPerRank >= 1, launcher, "threads_per_rank must be at least 1");
        Require(request.ThreadsPerCore >= 1, launcher, "threads_per_core must be at least 1");
        Require(request.GpusPerRank >= 0 && double.IsFinite(request.GpusPerRank), launcher, "gpus_per_rank must be zero or more");
        Require(Path.IsPathRooted(request.WorkingDirectory), launcher, "the working directory must be an absolute path");
    }

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Require(bool rule, string launcher, string problem)
    {
        if (!rule)
        {
            throw new ArgumentException($"{launcher} launcher: {problem}", nameof(LaunchRequest));
        }
    }
}
