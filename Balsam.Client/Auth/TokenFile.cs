using System.Text;

namespace Balsam.Client.Auth;

/// <summary>
/// The token file in a Balsam home (<c>$BALSAM_HOME/token</c>), which <c>balsam login</c> writes and every client reads:
/// readable by its owner only (mode 0600, in a folder made 0700 when it is created), replaced atomically so a reader
/// never sees half a token.
/// </summary>
public static class TokenFile
{
    /// <summary>The token file of a Balsam home.</summary>
    /// <param name="balsamHome">The Balsam home; null for <c>$BALSAM_HOME</c>, else <c>~/.balsam</c>.</param>
    /// <returns>The file's full path.</returns>
    public static string PathIn(string? balsamHome) =>
        Path.Combine(balsamHome is null ? Configuration.BalsamHome.Path : Path.GetFullPath(balsamHome), Balsam.Auth.AuthContext.TokenFileName);

    /// <summary>The token in a file, trimmed; null when the file does not exist or is empty.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The token or null.</returns>
    public static string? Read(string path)
    {
        try
        {
            var text = File.ReadAllText(path, Encoding.ASCII).Trim();
            return text.Length == 0 ? null : text;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Writes a token (owner-only, atomically replacing any previous one), creating the folder (0700) if needed.</summary>
    /// <param name="path">The file.</param>
    /// <param name="token">The token.</param>
    public static void Write(string path, string token)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(Encoding.ASCII.GetBytes(token + "\n"));
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Deletes the token file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Whether there was one.</returns>
    public static bool Delete(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }
}
