using Balsam.Jobs;
using Balsam.Sites;
using Balsam.Tests.Integration.Hosting;
using Balsam.Users;
using static Balsam.Tests.Integration.Hosting.HostingFixtures;

namespace Balsam.Tests.Integration.Dashboard;

/// <summary>The status page's live stream across a restart of the real <c>balsam-silo</c>: the open page keeps receiving.</summary>
[TestClass]
[DoNotParallelize]
public sealed class StatusStreamReconnectTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task AnOpenStatusPageKeepsReceivingAfterTheSiloRestarts()
    {
        var home = TempFolder("status-reconnect");
        var silo = SiloProcess.Start(home);
        await using var browser = await StatusBrowser.LaunchAsync();
        try
        {
            await silo.WaitUntilHealthyAsync(StartTimeout);
            await CreateSiteAsync(silo, "before-restart");
            var page = await browser.OpenAsync(silo.Url("/status"));
            await StatusBrowser.WaitAsync(page, "document.querySelector('[data-site=\"before-restart\"]')");
            await StatusBrowser.WaitAsync(page, "document.getElementById('live')?.textContent === 'live'");
            await page.EvaluateExpressionAsync("window.sameDocument = 'yes'");

            Assert.AreEqual(0, await silo.TerminateAsync(TimeSpan.FromSeconds(20)), silo.Output);
            await StatusBrowser.WaitAsync(page, "document.getElementById('live')?.textContent === 'reconnecting'");

            silo = silo.Restart();
            await silo.WaitUntilHealthyAsync(StartTimeout);
            await CreateSiteAsync(silo, "after-restart");

            await StatusBrowser.WaitAsync(page, "document.querySelector('[data-site=\"after-restart\"]')");
            Assert.AreEqual("live", await StatusBrowser.TextAsync(page, "#live"), "the badge says the stream is back");
            Assert.AreEqual("yes", await page.EvaluateExpressionAsync<string>("window.sameDocument"), "the page was not reloaded");
            await StatusBrowser.KeepScreenshotAsync(page, TestContext, "status-after-restart.png");
            await page.CloseAsync();
        }
        finally
        {
            // Stopped as a user stops it: the restarted silo adopted the home's PostgreSQL and stops it on the way out,
            // which a kill would leave running.
            if (!silo.HasExited)
            {
                try
                {
                    await silo.TerminateAsync(TimeSpan.FromSeconds(30));
                }
                catch (AssertFailedException)
                {
                    // too slow to stop: the kill below ends it
                }
            }

            await silo.DisposeAsync();
        }
    }

    /// <summary>A site with one job: the overview lists the sites that have jobs.</summary>
    private static async Task CreateSiteAsync(SiloProcess silo, string name)
    {
        using var client = await silo.ConnectClientAsync(user: "reconnect-user");
        var grains = client.Client();
        var site = await grains.GetGrain<IUserGrain>("reconnect-user").CreateSiteAsync(new SiteSpec { Name = name, Path = $"/home/reconnect-user/{name}" });
        await grains.GetGrain<ISiteGrain>(site.Id).RegisterAppAsync(StatusWorld.Echo());
        await grains.GetGrain<IJobServiceGrain>(0).CreateAsync([new JobSpec { SiteId = site.Id, AppName = "Echo", Workdir = "echo/0", Parameters = new() { ["i"] = "0" } }]);
        await client.StopAsync();
    }
}
