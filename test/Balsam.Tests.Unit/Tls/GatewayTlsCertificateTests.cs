using Balsam.Silo.Hosting;
using Balsam.Tests.Tls;

namespace Balsam.Tests.Unit.Tls;

/// <summary>The silo's TLS options: checked before anything starts, each problem naming the option and the rule.</summary>
[TestClass]
public sealed class GatewayTlsCertificateTests
{
    private string _folder = null!;
    private TestCertificates _certificates = null!;

    [TestInitialize]
    public void CreateCertificates()
    {
        _folder = Directory.CreateTempSubdirectory("balsam-tls-").FullName;
        _certificates = TestCertificates.Create(_folder);
    }

    [TestCleanup]
    public void DeleteFolder() => Directory.Delete(_folder, recursive: true);

    [TestMethod]
    public void WithoutACertificateTheGatewayIsPlain()
    {
        var options = new BalsamSiloOptions();
        options.Validate();
        Assert.IsNull(GatewayTlsCertificate.Load(options));
    }

    [TestMethod]
    public void ACertificateOpensWithItsPasswordFromTheOptionOrAFile()
    {
        using (var fromOption = GatewayTlsCertificate.Load(Options(password: TestCertificates.Password)))
        {
            Assert.IsNotNull(fromOption);
            Assert.IsTrue(fromOption.HasPrivateKey);
            Assert.AreEqual("CN=balsam-gateway", fromOption.Subject);
        }

        var passwordFile = Path.Combine(_folder, "password");
        File.WriteAllText(passwordFile, TestCertificates.Password + "\n"); // as `echo secret > password` writes it
        using var fromFile = GatewayTlsCertificate.Load(Options(passwordFile: passwordFile));
        Assert.AreEqual("CN=balsam-gateway", fromFile!.Subject);
    }

    [TestMethod]
    public void TheCommandLineNamesTheCertificateAndThePasswordFile()
    {
        var options = SiloCommandLine.Parse(["--tls-certificate", "/etc/balsam/server.pfx", "--tls-certificate-password-file", "/etc/balsam/pw",
            "--tls-ca", "/etc/balsam/ca.pem"]);
        Assert.AreEqual("/etc/balsam/server.pfx", options.TlsCertificate);
        Assert.AreEqual("/etc/balsam/pw", options.TlsCertificatePasswordFile);
        Assert.AreEqual("/etc/balsam/ca.pem", options.TlsCa);
    }

    [TestMethod]
    public void AMissingCertificateFileIsNamed()
    {
        var missing = Path.Combine(_folder, "nope.pfx");
        var error = Assert.ThrowsExactly<ArgumentException>(() => new BalsamSiloOptions { TlsCertificate = missing }.Validate());
        Assert.AreEqual($"TLS certificate file '{missing}' does not exist (option tls-certificate)", error.Message);
    }

    [TestMethod]
    public void AWrongPasswordIsNamedWithBothOptions()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => Options(password: "not-it").Validate());
        StringAssert.StartsWith(error.Message, $"TLS certificate '{_certificates.ServerPfx}' cannot be opened with the given password");
        StringAssert.EndsWith(error.Message, "(options tls-certificate and tls-certificate-password or tls-certificate-password-file)");

        var noPassword = Assert.ThrowsExactly<ArgumentException>(() => Options().Validate());
        StringAssert.Contains(noPassword.Message, "cannot be opened with the given password");
    }

    [TestMethod]
    public void APemCertificateIsRefusedWithTheCommandThatConvertsIt()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(
            () => new BalsamSiloOptions { TlsCertificate = _certificates.CaPem }.Validate());
        StringAssert.Contains(error.Message, "is PEM, not PKCS#12");
        StringAssert.Contains(error.Message, "openssl pkcs12 -export");
    }

    [TestMethod]
    public void AnExpiredCertificateIsRefused()
    {
        var expired = TestCertificates.WriteExpired(_folder);
        var error = Assert.ThrowsExactly<ArgumentException>(
            () => new BalsamSiloOptions { TlsCertificate = expired, TlsCertificatePassword = TestCertificates.Password }.Validate());
        StringAssert.Matches(error.Message, new System.Text.RegularExpressions.Regex(@"^TLS certificate '.*expired\.pfx' expired on .* \(option tls-certificate\)$"));
    }

    [TestMethod]
    public void AClientOnlyCertificateIsRefused()
    {
        var client = TestCertificates.WriteClientOnly(_folder);
        var error = Assert.ThrowsExactly<ArgumentException>(
            () => new BalsamSiloOptions { TlsCertificate = client, TlsCertificatePassword = TestCertificates.Password }.Validate());
        StringAssert.Contains(error.Message, "is not for server authentication");
    }

    [TestMethod]
    [DataRow("password", "Option tls-certificate-password needs option tls-certificate (the gateway's PKCS#12 certificate)")]
    [DataRow("file", "Option tls-certificate-password-file needs option tls-certificate (the gateway's PKCS#12 certificate)")]
    [DataRow("ca", "Option tls-ca needs option tls-certificate (the gateway's PKCS#12 certificate)")]
    public void TlsOptionsWithoutACertificateAreRefused(string which, string message)
    {
        var options = which switch
        {
            "password" => new BalsamSiloOptions { TlsCertificatePassword = "x" },
            "file" => new BalsamSiloOptions { TlsCertificatePasswordFile = "/x" },
            _ => new BalsamSiloOptions { TlsCa = "/x.pem" },
        };
        Assert.AreEqual(message, Assert.ThrowsExactly<ArgumentException>(options.Validate).Message);
    }

    [TestMethod]
    public void APasswordAndAPasswordFileExcludeEachOther()
    {
        var options = Options(password: TestCertificates.Password, passwordFile: Path.Combine(_folder, "pw"));
        Assert.AreEqual("Options tls-certificate-password and tls-certificate-password-file exclude each other: give one",
            Assert.ThrowsExactly<ArgumentException>(options.Validate).Message);
    }

    [TestMethod]
    public void AMissingPasswordFileIsNamed()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(Options(passwordFile: Path.Combine(_folder, "pw")).Validate);
        StringAssert.StartsWith(error.Message, $"TLS certificate password file '{Path.Combine(_folder, "pw")}' cannot be read");
        StringAssert.EndsWith(error.Message, "(option tls-certificate-password-file)");
    }

    [TestMethod]
    public void TheCaForClientsMustBeAPemCertificate()
    {
        var missing = Path.Combine(_folder, "none.pem");
        Assert.AreEqual($"TLS CA file '{missing}' does not exist (option tls-ca)",
            Assert.ThrowsExactly<ArgumentException>(Options(password: TestCertificates.Password, ca: missing).Validate).Message);

        var notPem = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(notPem, "hello");
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentException>(Options(password: TestCertificates.Password, ca: notPem).Validate).Message,
            "holds no PEM certificate");

        Options(password: TestCertificates.Password, ca: _certificates.CaPem).Validate();
    }

    private BalsamSiloOptions Options(string? password = null, string? passwordFile = null, string? ca = null) => new()
    {
        TlsCertificate = _certificates.ServerPfx,
        TlsCertificatePassword = password,
        TlsCertificatePasswordFile = passwordFile,
        TlsCa = ca,
    };
}
