using Balsam.Launcher.Pilot;
using Balsam.Launcher.Pilot.Mpi;
using Balsam.Launcher.Pilot.Shell;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Balsam.Tests.Unit.Launching;

/// <summary>
/// Which rendered command lines start as their argv (no <c>bash -c</c> of their own), and that such a line runs as the
/// shell would have run it, preamble included.
/// </summary>
[TestClass]
public sealed class SimpleCommandTests
{
    [TestMethod]
    [DataRow("python3 sim.py --steps 100 --out=result.h5", new[] { "python3", "sim.py", "--steps", "100", "--out=result.h5" })]
    [DataRow("./app  -x\t1", new[] { "./app", "-x", "1" })]
    [DataRow("/opt/bin/solver 'two words' '' -n 'it'\"'\"'s'", new[] { "/opt/bin/solver", "two words", "", "-n", "it's" })]
    [DataRow("app \"plain text\" '$HOME is not expanded in single quotes'", new[] { "app", "plain text", "$HOME is not expanded in single quotes" })]
    public void AProgramWithLiteralWordsStartsAsItsArgv(string line, string[] argv) =>
        CollectionAssert.AreEqual(argv, SimpleCommand.TryParse(line)?.ToArray(), line);

    [TestMethod]
    [DataRow("echo hello")] // built-ins differ between shells (dash's echo reads backslashes)
    [DataRow("true")]
    [DataRow("cd sub")]
    [DataRow("source env.sh")]
    [DataRow("[[ -f x ]]")]
    [DataRow("A=1 app")] // an assignment
    [DataRow("%1")] // a job spec
    [DataRow("app $HOME")]
    [DataRow("app \"$HOME\"")]
    [DataRow("app `date`")]
    [DataRow("app > out.txt")]
    [DataRow("app | tee log")]
    [DataRow("app && other")]
    [DataRow("app; other")]
    [DataRow("app *.h5")]
    [DataRow("app ~/data")]
    [DataRow("app {a,b}")]
    [DataRow("app # comment")]
    [DataRow("app\nother")]
    [DataRow("app 'unclosed")]
    [DataRow("app \\n")]
    [DataRow("   ")]
    public void AnythingTheShellWouldInterpretKeepsTheShell(string line) =>
        Assert.IsNull(SimpleCommand.TryParse(line), line);

    [TestMethod]
    [DataRow("true", new[] { "true" })]
    [DataRow("echo 'a  b' c", new[] { "echo", "a  b", "c" })]
    [DataRow("printf x", new[] { "printf", "x" })]
    [DataRow("./app -n 4", new[] { "./app", "-n", "4" })]
    [DataRow("./app a:b", new[] { "./app", "a:b" })]
    public void UnderMpiABuiltInThatIsAlsoAProgramNamesTheProgram(string line, string[] argv)
    {
        CollectionAssert.AreEqual(argv, SimpleCommand.TryParseForRanks(line)?.ToArray(), line);
        if (argv[0] is "true" or "echo" or "printf")
        {
            Assert.IsNull(SimpleCommand.TryParse(line), "a local run keeps the shell's own built-in");
        }
    }

    [TestMethod]
    [DataRow("cd sub")] // built-ins only: no program of that name
    [DataRow("source env.sh")]
    [DataRow("export A=1")]
    [DataRow("[[ -f x ]]")]
    [DataRow("echo $HOME")]
    [DataRow("echo hi > out")]
    [DataRow("true && app")]
    [DataRow("pwd")] // the program prints the physical path, the built-in the logical one
    [DataRow("echo --help")] // a built-in's options are not its program's
    [DataRow("printf -v x y")]
    [DataRow("app a : b")] // MPI launchers read a lone colon as the start of another program
    public void UnderMpiShellOnlyWordsAndShellSyntaxKeepTheShell(string line) =>
        Assert.IsNull(SimpleCommand.TryParseForRanks(line), line);

    [TestMethod]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task ASimpleCommandAndAShellLineRunAfterThePreambleInTheWrappersOwnBash()
    {
        var workdir = Directory.CreateTempSubdirectory("balsam-simple-").FullName;
        try
        {
            // A program the preamble puts on PATH, which prints its arguments; every bash that starts (the wrapper, which
            // runs the preamble, and any bash -c) reads $BASH_ENV, which counts it.
            var bin = Directory.CreateDirectory(Path.Combine(workdir, "bin")).FullName;
            var program = Path.Combine(bin, "show");
            File.WriteAllText(program, "#!/bin/sh\nprintf '%s|' \"$@\"; echo\n");
            File.WriteAllText(Path.Combine(workdir, "bash-env.sh"), $"echo started >> {workdir}/bash-starts\n");
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            const string line = "show 'a b' c";

            var direct = await RunAsync(workdir, bin, [.. SimpleCommand.TryParse(line)!]);
            var shelled = await RunAsync(workdir, bin, [JobShell.Path, "-c", line]);

            Assert.AreEqual("a b|c|", direct.Item1, "the words arrive unchanged");
            Assert.AreEqual(shelled.Item1, direct.Item1, "as the shell would have passed them");
            if (JobShell.Path == "/bin/bash")
            {
                Assert.AreEqual(1, direct.Item2, "the wrapper's bash only: the program starts from it as its argv");
                Assert.AreEqual(1, shelled.Item2, "the wrapper's bash only: the line runs in a subshell of it, not a bash of its own");
            }
        }
        finally
        {
            Directory.Delete(workdir, recursive: true);
        }
    }

    /// <summary>The program's output line, and how many bash shells started for the run.</summary>
    private static async Task<(string, int)> RunAsync(string workdir, string bin, string[] argv)
    {
        var starts = Path.Combine(workdir, "bash-starts");
        File.Delete(starts);
        var command = new LaunchCommand(argv, new Dictionary<string, string> { ["BASH_ENV"] = Path.Combine(workdir, "bash-env.sh") }, workdir);
        var output = Path.Combine(workdir, "job.out");
        using var process = ProcessGroups.Start(command, output, [$"export PATH={bin}:$PATH"]);
        await process.WaitForExitAsync();
        var lines = File.ReadAllLines(output);
        Assert.AreEqual(0, process.ExitCode, string.Join('\n', lines));
        return (lines.Single(), File.Exists(starts) ? File.ReadAllLines(starts).Length : 0);
    }
}
