using Balsam.Apps;

namespace Balsam.Tests.Unit.Apps;

[TestClass]
public sealed class CommandTemplatePlaceholdersTests
{
    private static void AssertNames(string template, params string[] expected) =>
        CollectionAssert.AreEqual(expected, CommandTemplatePlaceholders.Find(template).ToArray(),
            $"template: {template}; found: [{string.Join(", ", CommandTemplatePlaceholders.Find(template))}]");

    [TestMethod]
    public void PlainVariablesWithOrWithoutSpaces() => AssertNames("echo {{ a }} {{b}} {{  c  }}", "a", "b", "c");

    [TestMethod]
    public void TripleMustacheIsAVariable() => AssertNames("echo {{{b}}} {{{ c }}}", "b", "c");

    [TestMethod]
    public void AmpersandIsAVariable() => AssertNames("echo {{& c}} {{ & d }}", "c", "d");

    [TestMethod]
    public void DottedNamesYieldTheTopLevelName() => AssertNames("run {{a.b}} {{ cfg.x.y }}", "a", "cfg");

    [TestMethod]
    public void CommentsAreIgnored() => AssertNames("echo {{! x }} {{!y}} {{ z }}", "z");

    [TestMethod]
    public void PartialsClosingTagsAndDelimiterChangesAreNotParameters() =>
        AssertNames("{{> header }} {{# items }}{{ . }}{{/ items }} {{^ empty }}none{{/ empty }} {{=<% %>=}}", "items", "empty");

    [TestMethod]
    public void DuplicatesAreReportedOnceInOrderOfFirstUse() =>
        AssertNames("cp {{ src }} {{ dst }}; ls {{src}} {{{ dst }}} {{& src}} {{src.size}}", "src", "dst");

    [TestMethod]
    public void ATemplateWithoutPlaceholdersHasNone() => AssertNames("echo hello { world } {not a tag}");

    [TestMethod]
    public void NamesAreReturnedEvenWhenTheyAreNotIdentifiers() =>
        // The validator reports these; the extractor only finds them.
        AssertNames("echo {{ 1x }} {{ a-b }}", "1x", "a-b");
}
