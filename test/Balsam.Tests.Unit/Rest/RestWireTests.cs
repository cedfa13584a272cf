using System.Text.Json;
using Balsam.Silo.Hosting;
using Balsam.Silo.Rest.Core;

namespace Balsam.Tests.Unit.Rest;

/// <summary>The REST API's datetimes as Balsam's client reads them, and the silo's HTTP options.</summary>
[TestClass]
public sealed class RestWireTests
{
    [TestMethod]
    public void DatetimesAreWrittenAsNaiveUtcWithMicroseconds()
    {
        var time = new DateTimeOffset(2026, 12, 3, 23, 30, 7, TimeSpan.FromHours(2)).AddTicks(1234560);
        Assert.AreEqual("\"2026-12-03T21:30:07.123456\"", JsonSerializer.Serialize(time, RestJson.Options));
        Assert.AreEqual("null", JsonSerializer.Serialize<DateTimeOffset?>(null, RestJson.Options));
    }

    [TestMethod]
    [DataRow("2026-12-03T21:30:07.123456")]
    [DataRow("2026-12-03T21:30:07.123456Z")]
    [DataRow("2026-12-03T22:30:07.123456+01:00")]
    public void DatetimesWithoutAnOffsetAreReadAsUtc(string text)
    {
        var time = JsonSerializer.Deserialize<DateTimeOffset>($"\"{text}\"", RestJson.Options);
        Assert.AreEqual(new DateTimeOffset(2026, 12, 3, 21, 30, 7, TimeSpan.Zero).AddTicks(1234560), time);
    }

    [TestMethod]
    public void ANonDatetimeIsAJsonError() =>
        Assert.ThrowsExactly<JsonException>(() => JsonSerializer.Deserialize<DateTimeOffset>("\"yesterday\"", RestJson.Options));

    [TestMethod]
    public void NamesAreSnakeCaseAndEnumsLowerSnakeCase()
    {
        var json = JsonSerializer.Serialize(new { SiteId = 3, State = Balsam.BatchJobs.BatchJobState.PendingSubmission }, RestJson.Options);
        Assert.AreEqual("""{"site_id":3,"state":"pending_submission"}""", json);
    }

    [TestMethod]
    public void HttpPortHasTheDashboardPortAsItsOldName()
    {
        Assert.AreEqual(8080, SiloCommandLine.Parse([]).HttpPort);
        Assert.AreEqual("127.0.0.1", SiloCommandLine.Parse([]).HttpAddress);
        Assert.AreEqual(9001, SiloCommandLine.Parse(["--http-port", "9001"]).HttpPort);
        Assert.AreEqual(9002, SiloCommandLine.Parse(["--dashboard-port", "9002"]).HttpPort);
        Assert.AreEqual(9002, SiloCommandLine.Parse(["--dashboard-port", "9002"]).DashboardPort);
        var open = SiloCommandLine.Parse(["--http-address", "0.0.0.0", "--allow-registration", "true"]);
        Assert.AreEqual("0.0.0.0", open.HttpAddress);
        Assert.IsTrue(open.AllowRegistration);
        Assert.IsFalse(SiloCommandLine.Parse([]).AllowRegistration);
    }

    [TestMethod]
    public void ABadHttpAddressOrPortIsNamedWithItsOption()
    {
        var address = Assert.ThrowsExactly<ArgumentException>(() => SiloCommandLine.Parse(["--http-address", "localhost"]).Validate());
        Assert.AreEqual("HTTP address 'localhost' is not an IP address (option http-address)", address.Message);
        var port = Assert.ThrowsExactly<ArgumentException>(() => SiloCommandLine.Parse(["--http-port", "70000"]).Validate());
        Assert.AreEqual("Port 70000 is out of range: use 0-65535 (option http-port)", port.Message);
    }
}
