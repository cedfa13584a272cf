namespace Balsam.Validation;

/// <summary>Rules for paths that must stay inside a folder (workdirs, transfer local paths, cleanup globs).</summary>
public static class RelativePath
{
    public const string Rule = "must be a relative path without '..' segments";

    /// <summary>The C0 controls, DEL and the C1 controls (what <see cref="char.IsControl(char)"/> matches).</summary>
    private static readonly System.Buffers.SearchValues<char> ControlCharacters = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 0xA0).Select(c => (char)c).Where(char.IsControl)]);

    public static bool IsContained(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.StartsWith('/') || path.StartsWith('\\') || path.Contains('\0'))
        {
            return false;
        }

        if (path.Length > 1 && path[1] == ':')
        {
            return false; // a Windows drive path
        }

        return path.Split('/', '\\').All(segment => segment != "..");
    }

    /// <summary>
    /// The rule a text breaks if it holds a control character (U+0000-U+001F, U+007F-U+009F: newlines, tabs, escapes),
    /// naming the first one and its 0-based position; null if it holds none.
    /// </summary>
    public static string? ControlCharacterProblem(string? text)
    {
        var index = text is null ? -1 : text.AsSpan().IndexOfAny(ControlCharacters);
        return index < 0 ? null : $"must not contain control characters (found U+{(int)text![index]:X4} at position {index})";
    }

    /// <summary>
    /// One spelling of a contained relative path: empty and <c>.</c> segments dropped (<c>./a//b/</c> and <c>a/./b</c>
    /// are <c>a/b</c>); a path that names the folder itself is <c>.</c>. Backslashes are ordinary characters.
    /// </summary>
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Split('/').Where(segment => segment.Length > 0 && segment != ".").ToArray();
        return segments.Length == 0 ? "." : string.Join('/', segments);
    }
}
