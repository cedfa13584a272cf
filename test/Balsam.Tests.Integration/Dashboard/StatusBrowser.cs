using PuppeteerSharp;

namespace Balsam.Tests.Integration.Dashboard;

/// <summary>
/// The Debian Chromium, headless, driven over its DevTools protocol (PuppeteerSharp; never a downloaded browser): pages
/// stay open, so a test can watch one change without a reload, click, and take screenshots.
/// </summary>
internal sealed class StatusBrowser : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    public static string? Executable => new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    private readonly IBrowser _browser;
    private readonly string _profile;

    private StatusBrowser(IBrowser browser, string profile)
    {
        _browser = browser;
        _profile = profile;
    }

    public static async Task<StatusBrowser> LaunchAsync()
    {
        var profile = Directory.CreateTempSubdirectory("balsam-chromium-").FullName;
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Executable ?? throw new InvalidOperationException("chromium is not installed (deploy/install-prerequisites.sh installs it)"),
            Headless = true,
            UserDataDir = profile,
            Timeout = (int)Patience.TotalMilliseconds,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"],
        });
        return new StatusBrowser(browser, profile);
    }

    public async Task<IPage> OpenAsync(Uri url)
    {
        var page = await _browser.NewPageAsync();
        page.DefaultTimeout = (int)Patience.TotalMilliseconds;
        await page.SetViewportAsync(new ViewPortOptions { Width = 1500, Height = 900 });
        await page.GoToAsync(url.ToString());
        return page;
    }

    /// <summary>Waits until the script expression is true on the page.</summary>
    public static async Task WaitAsync(IPage page, string condition) =>
        await page.WaitForFunctionAsync($"() => {{ try {{ return !!({condition}); }} catch {{ return false; }} }}",
            new WaitForFunctionOptions { Timeout = (int)Patience.TotalMilliseconds, PollingInterval = 100 });

    public static async Task<string> TextAsync(IPage page, string selector) =>
        await page.EvaluateFunctionAsync<string>("s => document.querySelector(s)?.textContent ?? ''", selector);

    public static async Task<int> CountAsync(IPage page, string selector) =>
        await page.EvaluateFunctionAsync<int>("s => document.querySelectorAll(s).length", selector);

    /// <summary>A full-page screenshot kept with the test's results.</summary>
    public static async Task KeepScreenshotAsync(IPage page, TestContext context, string name)
    {
        var file = Path.Combine(context.TestRunResultsDirectory ?? Path.GetTempPath(), name);
        await page.ScreenshotAsync(file, new ScreenshotOptions { FullPage = true });
        Assert.IsTrue(new FileInfo(file).Length > 5_000, $"a screenshot {name} was taken");
        context.AddResultFile(file);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        await _browser.DisposeAsync();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // chromium may still be writing its profile as it exits; the folder is in /tmp
        }
    }
}
