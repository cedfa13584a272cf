using System.Text.Json;
using System.Text.Json.Serialization;
using Balsam.Jobs;
using Balsam.Sites;

namespace Balsam.Http;

/// <summary>
/// The <see cref="QueryApi"/> records' JSON, generated at build time: web names, enums by name. A short command reads
/// them without reflection, which cost it more CPU than the request itself.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JobQuery))]
[JsonSerializable(typeof(JobPage))]
[JsonSerializable(typeof(List<SiteInfo>))]
[JsonSerializable(typeof(List<Apps.AppInfo>))]
public sealed partial class QueryJsonContext : JsonSerializerContext;
