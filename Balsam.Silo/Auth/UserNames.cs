using System.Text.RegularExpressions;

namespace Balsam.Silo.Auth;

/// <summary>What a user name may be: 1-64 letters, digits, dots, dashes and underscores, starting with a letter or digit.</summary>
internal static partial class UserNames
{
    public static void Check(string name)
    {
        if (!Pattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"User name '{name}' is not valid: use 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex Pattern();
}
