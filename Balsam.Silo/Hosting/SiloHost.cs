using Balsam.Configuration;
using Balsam.Silo.Auth;
using Balsam.Silo.Dashboard;
using Balsam.Silo.Postgres;
using Balsam.Silo.Rest.Core;
using Balsam.Silo.Schema;
using Microsoft.AspNetCore.Builder;
using Orleans.Dashboard;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Balsam.Silo.Hosting;

/// <summary>Runs one silo until it is told to stop (Ctrl+C or SIGTERM): database, schema, Orleans, dashboard.</summary>
public static class SiloHost
{
    public static async Task RunAsync(BalsamSiloOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        var logger = loggerFactory.CreateLogger("Balsam.Silo");

        var postgres = new ManagedPostgresOptions
        {
            DataDirectory = options.PostgresData ?? Path.Combine(BalsamHome.Path, "postgres"),
            Port = options.PostgresPort,
            BinDirectory = options.PostgresBin,
        };
        var joined = options.JoinManagedPostgres ? ManagedPostgres.ConnectionStringOfRunning(postgres) : null;
        await using var managed = options.ConnectionString is null && joined is null
            ? await ManagedPostgres.StartAsync(postgres, logger, cancellationToken: cancellationToken)
            : null;
        var connectionString = options.ConnectionString ?? joined ?? managed!.ConnectionString;
        await SchemaMigrator.MigrateAsync(connectionString, logger, cancellationToken);

        using var tlsCertificate = GatewayTlsCertificate.Load(options);
        var app = Build(options, connectionString, tlsCertificate);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        if (options.WriteServiceFile)
        {
            lifetime.ApplicationStarted.Register(() => ServiceFile.Write(options, BoundHttpPort(app)));
            lifetime.ApplicationStopping.Register(ServiceFile.Remove);
        }

        lifetime.ApplicationStarted.Register(() => logger.LogInformation(
            "Balsam silo ready: gateway {Address}:{Gateway}{Tls}, REST API and dashboard {Http}", options.Address, options.GatewayPort,
            tlsCertificate is null ? "" : $" (TLS, certificate {tlsCertificate.Subject})",
            options.HttpPort > 0 ? $"http://{options.HttpAddress}:{options.HttpPort}/ (dashboard at /dashboard)" : "off"));
        await app.RunAsync(cancellationToken);
    }

    private static WebApplication Build(BalsamSiloOptions options, string connectionString, System.Security.Cryptography.X509Certificates.X509Certificate2? tlsCertificate)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning); // Orleans placement logs every attempt at Information
        builder.WebHost.UseUrls($"http://{UrlHost(options.HttpAddress)}:{options.HttpPort}");
        builder.UseOrleans(silo =>
        {
            silo.AddBalsamPostgres(postgres => postgres.ConnectionString = connectionString);
            // Session expiry and sweep period (Balsam:Sessions:Expiry, Balsam:Sessions:SweepPeriod, e.g. the environment
            // variable Balsam__Sessions__Expiry=00:00:20); the defaults suit production.
            silo.AddBalsamGrains(sessions => builder.Configuration.GetSection("Balsam:Sessions").Bind(sessions));
            silo.AddBalsamAuth(auth => auth.TokenLifetime = Balsam.Auth.TokenLifetime.Parse(options.TokenTtl, "token-ttl"));
            silo.UseBalsamClustering(options);
            if (tlsCertificate is not null)
            {
                silo.UseBalsamGatewayTls(tlsCertificate);
            }

            if (options.HttpPort > 0)
            {
                // Each sample walks the grain directory's cache and every activation: once a second that was a twelfth
                // of the silo's CPU under load; every 5 s the charts still move.
                silo.AddDashboard(dashboard => dashboard.CounterUpdateIntervalMs = 5_000);
            }
        });
        builder.Services.AddBalsamStatus();
        builder.Services.AddSingleton(new RestOptions { AllowRegistration = options.AllowRegistration });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));

        var app = builder.Build();
        if (options.HttpPort > 0)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard");
        }

        app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
        app.MapBalsamStatus();
        app.MapBalsamRest();
        return app;
    }

    /// <summary>The port the HTTP server listens on once started (a free one for <c>--http-port 0</c>).</summary>
    private static int? BoundHttpPort(WebApplication app) =>
        app.Urls.Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp ? uri.Port : 0)
            .FirstOrDefault(port => port > 0) is var port and > 0
            ? port
            : null;

    private static string UrlHost(string address) =>
        System.Net.IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
}
