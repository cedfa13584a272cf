using Balsam.Validation;

namespace Balsam.Tests.Unit.Validation;

[TestClass]
public sealed class IdentifierTests
{
    [TestMethod]
    [DataRow("x")]
    [DataRow("Hello")]
    [DataRow("_private")]
    [DataRow("__")]
    [DataRow("say_hello_to")]
    [DataRow("x2")]
    [DataRow("MyApp_v10")]
    [DataRow("Class")] // keywords are case-sensitive
    [DataRow("@class")] // not accepted: see below
    public void AsciiIdentifiers(string name)
    {
        // A verbatim '@' prefix is C# source syntax, not part of a name: it must be refused.
        Assert.AreEqual(!name.StartsWith('@'), Identifier.IsValid(name), name);
    }

    [TestMethod]
    [DataRow("café")]
    [DataRow("Überweisung")]
    [DataRow("π")]
    [DataRow("名前")]
    [DataRow("Ⅻ_roman")] // letter number (Nl) may start an identifier
    [DataRow("e\u0301")] // combining mark after the first letter
    [DataRow("a\u203Fb")] // connector punctuation (undertie)
    public void UnicodeLettersAreAllowed(string name) => Assert.IsTrue(Identifier.IsValid(name), name);

    [TestMethod]
    [DataRow("1x")]
    [DataRow("9")]
    [DataRow("٣abc")] // an Arabic-Indic digit is still a digit
    [DataRow("\u0301e")] // a combining mark cannot start a name
    public void DigitsOrMarksFirstAreRefused(string name) => Assert.IsFalse(Identifier.IsValid(name), name);

    [TestMethod]
    [DataRow("class")]
    [DataRow("int")]
    [DataRow("string")]
    [DataRow("namespace")]
    [DataRow("in")]
    [DataRow("out")]
    [DataRow("default")]
    [DataRow("null")]
    [DataRow("true")]
    public void KeywordsAreRefused(string name) => Assert.IsFalse(Identifier.IsValid(name), name);

    [TestMethod]
    [DataRow("")]
    [DataRow(" ")]
    [DataRow("a b")]
    [DataRow("a-b")]
    [DataRow("a.b")]
    [DataRow("a$")]
    [DataRow("x\n")]
    [DataRow("tab\there")]
    public void PunctuationSpacesAndEmptyAreRefused(string name) => Assert.IsFalse(Identifier.IsValid(name), name);

    [TestMethod]
    public void NullIsRefused() => Assert.IsFalse(Identifier.IsValid(null));

    [TestMethod]
    public void TheRuleExplainsItselfInWords()
    {
        Assert.Contains("C# identifier", Identifier.Rule);
        Assert.Contains("keyword", Identifier.Rule);
        Assert.Contains("letter or '_' first", Identifier.Rule);
    }
}
