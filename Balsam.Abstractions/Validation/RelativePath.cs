namespace Balsam.Validation;

/// <summary>Rules for paths that must stay inside a folder (workdirs, transfer local paths, cleanup globs).</summary>
public static class RelativePath
{
    public const string Rule = "must be a relative path without '..' segments";

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
}
