using System.Globalization;

namespace Balsam.Validation;

/// <summary>C# identifier rules, used for app class names and parameter names.</summary>
public static class Identifier
{
    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    ];

    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "must be a C# identifier (a letter or '_' first, then letters, digits or '_'; not a keyword)";

    public static bool IsValid(string? name)
    {
        if (string.IsNullOrEmpty(name) || Keywords.Contains(name))
        {
            return false;
        }

        if (!IsStart(name[0]))
        {
            return false;
        }

        for (var i = 1; i < name.Length; i++)
        {
            if (!IsPart(name[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsStart(char c) => c == '_' || char.IsLetter(c) ||
        char.GetUnicodeCategory(c) == UnicodeCategory.LetterNumber;

    private static bool IsPart(char c) => IsStart(c) || char.IsDigit(c) ||
        char.GetUnicodeCategory(c) is UnicodeCategory.ConnectorPunctuation
            or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.Format;
}
