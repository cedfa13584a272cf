using Balsam.Apps;

namespace Balsam.Tests.Unit.Apps;

/// <summary>Valid apps to start from; each test breaks one rule.</summary>
internal static class AppTestData
{
    public static AppDefinition Template(string template = "echo Hello, {{ name }}!", string name = "Hello") =>
        new() { Name = name, CommandTemplate = template };

    public static AppDefinition RunApp(params string[] parameters) =>
        new() { Name = "Adder", RunParameters = [.. parameters] };
}
