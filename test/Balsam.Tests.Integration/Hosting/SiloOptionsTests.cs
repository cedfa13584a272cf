using Balsam.Sessions;
using Balsam.Silo.Hosting;
using Balsam.Silo.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Balsam.Tests.Integration.Hosting;

/// <summary>The silo's provider options: validated when the silo starts, with messages that name the option and the rule.</summary>
[TestClass]
public sealed class SiloOptionsTests
{
    private const string AnyConnectionString = "Host=127.0.0.1;Port=5432;Database=balsam";

    [TestMethod]
    public void TheDefaultsAreValid()
    {
        var result = new BalsamPostgresOptionsValidator().Validate(null, new BalsamPostgresOptions { ConnectionString = AnyConnectionString });
        Assert.IsTrue(result.Succeeded, result.FailureMessage);
        Assert.IsTrue(new SessionExpiryOptionsValidator().Validate(null, new SessionExpiryOptions()).Succeeded);
    }

    [TestMethod]
    [DataRow("GroupCommitMaxBatch", "BalsamPostgresOptions.GroupCommitMaxBatch must be between 1 and 10000, was 0")]
    [DataRow("GroupCommitWriters", "BalsamPostgresOptions.GroupCommitWriters must be between 1 and 64, was 0")]
    [DataRow("InsertChunkSize", "BalsamPostgresOptions.InsertChunkSize must be between 1 and 100000, was 0")]
    [DataRow("PromotionSweepLimit", "BalsamPostgresOptions.PromotionSweepLimit must be between 1 and 100000, was 0")]
    [DataRow("PromotionSweepPeriod", "BalsamPostgresOptions.PromotionSweepPeriod must be between 00:00:00.010 and 1.00:00:00, was 00:00:00")]
    [DataRow("ConnectionString", "BalsamPostgresOptions.ConnectionString must be set, was empty")]
    public void AnOutOfRangeValueIsNamedWithItsRule(string option, string message)
    {
        var options = new BalsamPostgresOptions { ConnectionString = AnyConnectionString };
        var property = typeof(BalsamPostgresOptions).GetProperty(option)!;
        property.SetValue(options, property.PropertyType == typeof(int) ? 0 : property.PropertyType == typeof(TimeSpan) ? TimeSpan.Zero : "");

        var result = new BalsamPostgresOptionsValidator().Validate(null, options);
        Assert.AreEqual(message, result.FailureMessage);
    }

    [TestMethod]
    public void ANonPositiveSessionExpiryIsRefused()
    {
        var result = new SessionExpiryOptionsValidator().Validate(null, new SessionExpiryOptions { Expiry = TimeSpan.Zero });
        Assert.AreEqual("SessionExpiryOptions.Expiry must be greater than zero, was 00:00:00", result.FailureMessage);
    }

    [TestMethod]
    public async Task InvalidOptionsStopTheSiloAtStartBeforeOrleansRuns()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo
            .UseBalsamLocalhostClustering(FreePort.Next(), FreePort.Next())
            .AddBalsamPostgres(o =>
            {
                o.ConnectionString = AnyConnectionString;
                o.GroupCommitMaxBatch = 0;
            })
            .AddBalsamGrains());
        using var host = builder.Build();

        var error = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("BalsamPostgresOptions.GroupCommitMaxBatch must be between 1 and 10000, was 0", error.Message);
    }

    [TestMethod]
    [DataRow("localhost", BalsamClustering.Localhost)]
    [DataRow("adonet", BalsamClustering.AdoNet)]
    [DataRow("AdoNet", BalsamClustering.AdoNet)]
    public void TheClusteringModeIsParsedFromTheCommandLine(string value, BalsamClustering expected)
    {
        Assert.AreEqual(expected, SiloCommandLine.Parse(["--clustering", value]).Clustering);
        Assert.AreEqual(BalsamClustering.Localhost, SiloCommandLine.Parse([]).Clustering);
    }

    [TestMethod]
    public void AnUnknownClusteringModeIsAClearError()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => SiloCommandLine.Parse(["--clustering", "zookeeper"]));
        Assert.AreEqual("Clustering 'zookeeper' is not known: use 'localhost' or 'adonet' (option clustering)", error.Message);
    }

    [TestMethod]
    public void TheClusterOptionsAreParsedFromTheCommandLineWithProductionDefaults()
    {
        var defaults = SiloCommandLine.Parse([]);
        Assert.AreEqual(5.0, defaults.ProbeTimeoutSeconds);
        Assert.AreEqual(3, defaults.MissedProbesLimit);
        Assert.IsFalse(defaults.JoinManagedPostgres);

        var options = SiloCommandLine.Parse(["--probe-timeout-sec", "0.5", "--missed-probes-limit", "2", "--join-managed-postgres", "true"]);
        Assert.AreEqual(0.5, options.ProbeTimeoutSeconds);
        Assert.AreEqual(2, options.MissedProbesLimit);
        Assert.IsTrue(options.JoinManagedPostgres);
        options.Validate();
    }

    [TestMethod]
    [DataRow("--probe-timeout-sec", "0", "(option probe-timeout-sec)")]
    [DataRow("--missed-probes-limit", "0", "(option missed-probes-limit)")]
    [DataRow("--connection-string", "Host=x", "join-managed-postgres and connection-string exclude each other")]
    public void AnInvalidClusterOptionIsNamed(string option, string value, string message)
    {
        var options = SiloCommandLine.Parse(option == "--connection-string"
            ? [option, value, "--join-managed-postgres", "true"]
            : [option, value]);
        var error = Assert.ThrowsExactly<ArgumentException>(options.Validate);
        Assert.Contains(message, error.Message);
    }
}
