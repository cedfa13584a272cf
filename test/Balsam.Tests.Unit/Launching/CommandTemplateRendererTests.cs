using System.Diagnostics;
using Balsam.Apps;
using Balsam.Launcher.Pilot.Shell;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>Command templates render with every value shell-quoted, so no parameter can inject a command (SPEC §6).</summary>
[TestClass]
public sealed class CommandTemplateRendererTests
{
    private static readonly Dictionary<string, AppParameter> NoSpec = [];

    private static string Render(string template, params (string Name, string Json)[] parameters) =>
        CommandTemplateRenderer.Render(template, NoSpec, parameters.ToDictionary(p => p.Name, p => p.Json));

    [TestMethod]
    [DataRow("", "''")]
    [DataRow("world", "world")]
    [DataRow("a/b.c-d_e:f,g=h+i@j%k", "a/b.c-d_e:f,g=h+i@j%k")]
    [DataRow("hello world", "'hello world'")]
    [DataRow("it's", "'it'\"'\"'s'")]
    [DataRow("$HOME", "'$HOME'")]
    [DataRow("a\nb", "'a\nb'")]
    public void QuotingFollowsShlexQuote(string word, string quoted)
    {
        Assert.AreEqual(quoted, ShellQuoting.Quote(word));
    }

    [TestMethod]
    public void JsonValuesArePlacedAsOneQuotedWordEach()
    {
        Assert.AreEqual("echo Hello, world!", Render("echo Hello, {{ say_hello_to }}!", ("say_hello_to", "\"world\"")));
        Assert.AreEqual("echo 'two words' 42 3.5e2 true false '' '[3,4]' '{\"a\":\"b c\"}'",
            Render("echo {{s}} {{i}} {{d}} {{t}} {{f}} {{n}} {{arr}} {{obj}}",
                ("s", "\"two words\""), ("i", "42"), ("d", "3.5e2"), ("t", "true"), ("f", "false"), ("n", "null"),
                ("arr", "[3, 4]"), ("obj", "{ \"a\" : \"b c\" }")));
    }

    [TestMethod]
    public void HtmlIsNotEscapedAndTripleBracesAreQuotedToo()
    {
        Assert.AreEqual("cat '<a & b>' '<a & b>' '<a & b>'", Render("cat {{x}} {{{x}}} {{&x}}", ("x", "\"<a & b>\"")));
    }

    [TestMethod]
    public void SectionsFollowJsonTruthiness()
    {
        const string template = "run{{#verbose}} --verbose{{/verbose}}{{^verbose}} --quiet{{/verbose}}";

        Assert.AreEqual("run --verbose", Render(template, ("verbose", "true")));
        Assert.AreEqual("run --quiet", Render(template, ("verbose", "false")));
        Assert.AreEqual("run --quiet", Render(template, ("verbose", "\"\"")));
        Assert.AreEqual("run --quiet", Render(template, ("verbose", "[]")));
    }

    [TestMethod]
    public void DefaultsFillOptionalParametersAndAreQuoted()
    {
        var spec = new Dictionary<string, AppParameter>
        {
            ["name"] = AppParameter.RequiredParameter(),
            ["greeting"] = AppParameter.Optional("good day"),
        };

        Assert.AreEqual("echo 'good day' Ada", CommandTemplateRenderer.Render("echo {{greeting}} {{name}}", spec,
            new Dictionary<string, string> { ["name"] = "\"Ada\"" }));
        Assert.AreEqual("echo hi Ada", CommandTemplateRenderer.Render("echo {{greeting}} {{name}}", spec,
            new Dictionary<string, string> { ["name"] = "\"Ada\"", ["greeting"] = "\"hi\"" }));
    }

    [TestMethod]
    [DataRow("\"explore\"", "explore")]
    [DataRow("\"two words\"", "'two words'")]
    [DataRow("42", "42")]
    [DataRow("2.5", "2.5")]
    [DataRow("true", "true")]
    [DataRow("false", "false")]
    [DataRow("[1, 2]", "'[1,2]'")]
    [DataRow("explore", "explore")]
    public void ADefaultRendersAsTheSameValueGivenInTheJob(string defaultValue, string word)
    {
        var spec = new Dictionary<string, AppParameter> { ["mode"] = AppParameter.Optional(defaultValue) };
        var asGiven = AppParameter.Optional(defaultValue).DefaultAsJson()!;

        Assert.AreEqual($"run --mode {word}", CommandTemplateRenderer.Render("run --mode {{ mode }}", spec, new Dictionary<string, string>()));
        Assert.AreEqual($"run --mode {word}", CommandTemplateRenderer.Render("run --mode {{ mode }}", NoSpec,
            new Dictionary<string, string> { ["mode"] = asGiven }));
    }

    [TestMethod]
    public void AMissingRequiredParameterIsAnErrorThatNamesIt()
    {
        var spec = new Dictionary<string, AppParameter> { ["x"] = AppParameter.RequiredParameter() };

        var error = Assert.ThrowsExactly<CommandTemplateException>(() =>
            CommandTemplateRenderer.Render("add {{ x }} {{ y }}", spec, new Dictionary<string, string>()));

        StringAssert.Contains(error.Message, "missing required parameters 'x', 'y'");
        CollectionAssert.AreEqual(new[] { "x", "y" }, error.Parameters.ToArray());
    }

    [TestMethod]
    public void AValueThatIsNotJsonIsAnErrorThatNamesIt()
    {
        var error = Assert.ThrowsExactly<CommandTemplateException>(() => Render("echo {{x}}", ("x", "world")));

        StringAssert.Contains(error.Message, "parameter 'x' must be a JSON value");
    }

    [TestMethod]
    public void ALookupThatIsNotAParameterIsAnError()
    {
        var error = Assert.ThrowsExactly<CommandTemplateException>(() => Render("echo {{x.y}}", ("x", "\"v\"")));

        StringAssert.Contains(error.Message, "not a parameter");
    }

    [TestMethod]
    [DataRow("'; rm -rf / #")]
    [DataRow("$(reboot)")]
    [DataRow("`reboot`")]
    [DataRow("a; touch INJECTED")]
    [DataRow("$(touch INJECTED)")]
    [DataRow("`touch INJECTED`")]
    [DataRow("' && touch INJECTED && echo '")]
    [DataRow("\" ; touch INJECTED ; \"")]
    [DataRow("x\ntouch INJECTED")]
    [DataRow("a | touch INJECTED > /dev/null")]
    [DataRow("$((1+1)) ${HOME} * ? [a] ~ ! & < > \\")]
    [DataRow("'\"'\"'; touch INJECTED; '")]
    public void NoValueCanInjectIntoARealShell(string value)
    {
        var folder = Directory.CreateTempSubdirectory("balsam-inject-");
        try
        {
            // Each value arrives as a JSON string and must come out of /bin/sh as one argument, byte for byte.
            var json = System.Text.Json.JsonSerializer.Serialize(value);
            var line = Render("printf '%s\\0' {{ a }} {{ b }}", ("a", json), ("b", json));

            var start = new ProcessStartInfo("/bin/sh", ["-c", line])
            {
                WorkingDirectory = folder.FullName,
                RedirectStandardOutput = true,
            };
            using var shell = Process.Start(start)!;
            var output = shell.StandardOutput.ReadToEnd();
            shell.WaitForExit();

            Assert.AreEqual(0, shell.ExitCode, line);
            CollectionAssert.AreEqual(new[] { value, value, "" }, output.Split('\0'), line);
            Assert.AreEqual(0, folder.GetFileSystemInfos().Length, $"the shell created files: {line}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [TestMethod]
    public void AJoinedArgvReadsBackAsTheSameArgv()
    {
        string[] argv = ["mpiexec", "-env", "MSG", "it's $HOME `x`", "/bin/echo", "", "a b"];

        var start = new ProcessStartInfo("/bin/sh", ["-c", "printf '%s\\0' " + ShellQuoting.Join(argv)]) { RedirectStandardOutput = true };
        using var shell = Process.Start(start)!;
        var output = shell.StandardOutput.ReadToEnd();
        shell.WaitForExit();

        CollectionAssert.AreEqual(argv.Append("").ToArray(), output.Split('\0'));
    }
}
