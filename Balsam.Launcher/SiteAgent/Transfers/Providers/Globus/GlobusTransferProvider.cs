using System.Text.Json;
using Balsam.Apps;
using Balsam.Launcher.Scheduling;

namespace Balsam.Launcher.SiteAgent.Transfers.Providers.Globus;

/// <summary>
/// <c>globus://&lt;endpoint id&gt;</c> locations, through the standard <c>globus</c> CLI (so its token is the one
/// <c>globus login</c> keeps): a batch is one <c>globus transfer --batch</c> task between the location's endpoint and
/// this site's (<c>globus_endpoint_id</c>), with size-level sync, checksum verification and encryption, as Balsam
/// submits it; a poll is <c>globus task show</c>. Site paths are rewritten for an endpoint that mounts the site folder
/// elsewhere (<c>globus_endpoint_site_path</c>). Every CLI call runs under the runner's time limit.
/// </summary>
public sealed class GlobusTransferProvider(ICommandRunner runner, Guid siteEndpoint, string siteFolder, string? endpointSitePath) : ITransferProvider
{
    public const string Name = "globus";

    public string Protocol => Name;

    public async Task<string> SubmitAsync(TransferBatch batch, CancellationToken cancellationToken)
    {
        var (source, destination) = batch.Direction == TransferDirection.In
            ? (batch.Netloc, siteEndpoint.ToString())
            : (siteEndpoint.ToString(), batch.Netloc);
        var list = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(list, batch.Files.Select(Line(batch.Direction)), cancellationToken);
            var result = await runner.RunAsync(new CommandLine("globus",
            [
                "transfer", source, destination, "--batch", list, "--sync-level", "size", "--verify-checksum", "--encrypt",
                "--notify", "off", "--label", $"balsam {batch.LocationAlias} {(batch.Direction == TransferDirection.In ? "in" : "out")}",
                "--format", "json",
            ]), cancellationToken);
            if (!result.Succeeded)
            {
                throw new TransferProviderException($"globus transfer failed: {CliError(result)}");
            }

            using var json = JsonDocument.Parse(result.StandardOutput);
            return json.RootElement.GetProperty("task_id").GetString()
                ?? throw new TransferProviderException("globus transfer answered without a task_id");
        }
        finally
        {
            File.Delete(list);
        }
    }

    public async Task<TransferTaskStatus> PollAsync(string taskId, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(new CommandLine("globus", ["task", "show", taskId, "--format", "json"]), cancellationToken);
        if (!result.Succeeded)
        {
            throw new TransferProviderException($"globus task show {taskId} failed: {CliError(result)}");
        }

        using var json = JsonDocument.Parse(result.StandardOutput);
        var task = json.RootElement;
        var status = task.GetProperty("status").GetString();
        var nice = Text(task, "nice_status_short_description") ?? Text(task, "nice_status") ?? "";
        return status switch
        {
            "ACTIVE" => new TransferTaskStatus(TransferTaskState.Active, nice),
            "INACTIVE" => new TransferTaskStatus(TransferTaskState.Inactive, nice),
            "SUCCEEDED" => new TransferTaskStatus(TransferTaskState.Done,
                $"{task.GetProperty("files_transferred").GetInt32()} files, {task.GetProperty("bytes_transferred").GetInt64()} bytes"),
            "FAILED" => new TransferTaskStatus(TransferTaskState.Error, FatalError(task) ?? (nice.Length > 0 ? nice : "the Globus task failed")),
            _ => throw new TransferProviderException($"globus task show {taskId}: unknown status '{status}'"),
        };
    }

    private Func<TransferFile, string> Line(TransferDirection direction) => file =>
    {
        var (source, destination) = direction == TransferDirection.In
            ? (file.Source, EndpointPath(file.Destination))
            : (EndpointPath(file.Source), file.Destination);
        return $"{Quote(source)} {Quote(destination)}{(file.Recursive ? " --recursive" : "")}";
    };

    /// <summary>A path under the site folder as the site's endpoint sees it.</summary>
    public string EndpointPath(string sitePath) =>
        endpointSitePath is null || !sitePath.StartsWith(siteFolder, StringComparison.Ordinal)
            ? sitePath
            : endpointSitePath.TrimEnd('/') + sitePath[siteFolder.TrimEnd('/').Length..];

    private static string Quote(string path) => "\"" + path.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string? Text(JsonElement task, string name) =>
        task.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? FatalError(JsonElement task) =>
        task.TryGetProperty("fatal_error", out var error) && error.ValueKind == JsonValueKind.Object
            ? $"{Text(error, "code")}: {Text(error, "description")}"
            : null;

    /// <summary>The CLI prints API errors as 'key: value' lines (code, message); those name the problem best.</summary>
    private static string CliError(CommandResult result)
    {
        var lines = result.ErrorText.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var picked = lines.Where(l => l.StartsWith("code:", StringComparison.Ordinal) || l.StartsWith("message:", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        return picked.Count > 0 ? string.Join("; ", picked) : result.ErrorText;
    }
}
