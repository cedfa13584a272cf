using System.Diagnostics;

namespace Balsam.Tests.Integration.Dashboard;

/// <summary>Debian's Chromium in headless mode: the page's DOM after its scripts ran, and a screenshot.</summary>
internal static class HeadlessChromium
{
    public static string? Executable => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public static async Task<string> DumpDomAsync(Uri page) => await RunAsync(page, "--dump-dom");

    public static async Task ScreenshotAsync(Uri page, string file) =>
        await RunAsync(page, $"--screenshot={file}", "--window-size=1500,420", "--hide-scrollbars");

    private static async Task<string> RunAsync(Uri page, params string[] extra)
    {
        var profile = Directory.CreateTempSubdirectory("balsam-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("chromium is not installed (deploy/install-prerequisites.sh installs it)"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])
                     ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--disable-quic", $"--user-data-dir={profile}",
                      "--virtual-time-budget=4000", .. extra, page.ToString()])
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.AreEqual(0, process.ExitCode, $"chromium failed: {await stderr}");
            return await stdout;
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
