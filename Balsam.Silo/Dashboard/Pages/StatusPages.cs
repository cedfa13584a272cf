using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Balsam.Silo.Dashboard.Pages;

/// <summary>The status pages' files (HTML, CSS, scripts), embedded in the silo as <c>Balsam.Silo.Dashboard.Pages.NAME</c>.</summary>
public static class StatusPages
{
    private const string Prefix = "Balsam.Silo.Dashboard.Pages.";

    private static readonly Dictionary<string, string> Files = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
        .ToDictionary(name => name[Prefix.Length..], Read, StringComparer.Ordinal);

    /// <summary>The file's content with its content type, or 404.</summary>
    public static IResult Serve(string name) => Files.TryGetValue(name, out var text)
        ? Results.Content(text, ContentType(name))
        : Results.NotFound();

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        _ => "application/octet-stream",
    };

    private static string Read(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)!;
        return new StreamReader(stream).ReadToEnd();
    }
}
