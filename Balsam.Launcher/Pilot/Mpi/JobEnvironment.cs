namespace Balsam.Launcher.Pilot.Mpi;

/// <summary>
/// The variables a job's ranks get on top of the launcher's environment, merged in the order of BALSAM-REFERENCE §4.6
/// (later wins): the app's <c>EnvironmentVariables</c>, then <c>BALSAM_JOB_ID</c>, then <c>OMP_NUM_THREADS</c> (always the
/// job's threads per rank), then GPU pinning when GPU ids were assigned. The launcher's own environment (what the job
/// template exported, <c>BALSAM_LAUNCHER_NODES</c>, <c>BALSAM_JOB_MODE</c>) is inherited under all of these, and the
/// app's shell preamble runs after them in the job's shell.
/// </summary>
public static class JobEnvironment
{
    public const string CudaVisibleDevices = "CUDA_VISIBLE_DEVICES";

    public const string LevelZeroAffinityMask = "ZE_AFFINITY_MASK";

    /// <param name="appVariables">The app's <c>EnvironmentVariables</c>.</param>
    /// <param name="jobId">The job's id.</param>
    /// <param name="threadsPerRank">The job's threads per rank.</param>
    /// <param name="gpuIds">GPU ids assigned by the node manager; empty for none.</param>
    /// <param name="visibleDevicesVariable">The platform's visible-devices variable (<c>compute_node.visible_devices_variable</c>),
    /// e.g. <see cref="CudaVisibleDevices"/> or <see cref="LevelZeroAffinityMask"/>; null: GPU ids are not exported.</param>
    public static IReadOnlyDictionary<string, string> Build(
        IReadOnlyDictionary<string, string> appVariables,
        long jobId,
        int threadsPerRank,
        IReadOnlyList<string> gpuIds,
        string? visibleDevicesVariable)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in appVariables)
        {
            environment[name] = value;
        }

        environment["BALSAM_JOB_ID"] = jobId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["OMP_NUM_THREADS"] = Math.Max(1, threadsPerRank).ToString(System.Globalization.CultureInfo.InvariantCulture);

        if (gpuIds.Count > 0 && !string.IsNullOrEmpty(visibleDevicesVariable))
        {
            switch (visibleDevicesVariable)
            {
                case CudaVisibleDevices:
                    environment["CUDA_DEVICE_ORDER"] = "PCI_BUS_ID";
                    break;
                case LevelZeroAffinityMask:
                    environment["ZE_ENABLE_PCI_ID_DEVICE_ORDER"] = "1";
                    break;
            }

            environment[visibleDevicesVariable] = string.Join(',', gpuIds);
        }

        return environment;
    }
}
