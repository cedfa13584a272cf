using System.Net;
using System.Text.Json;
using Balsam.Tests.Integration.Infrastructure;
using static Balsam.Tests.Integration.Rest.RestFixture;

namespace Balsam.Tests.Integration.Rest;

/// <summary>Balsam's <c>/auth/</c> routes on the silo, and the bearer token every other route needs.</summary>
[TestClass]
public sealed class RestAuthTests
{
    private static RestFixture _rest = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) =>
        _rest = await RestFixture.StartAsync("rest_auth", options => options.AllowRegistration = true);

    [ClassCleanup]
    public static async Task StopAsync() => await _rest.DisposeAsync();

    [TestMethod]
    public async Task HowOffersPasswordLoginAsBalsamsClientExpects()
    {
        var methods = await GetAsync(_rest.Anonymous, "/auth/how");
        CollectionAssert.AreEqual(new[] { "LoginMethod.password" }, methods.EnumerateArray().Select(m => m.GetString()).ToArray());
    }

    [TestMethod]
    public async Task PasswordLoginGivesABearerTokenThatOpensTheApi()
    {
        _ = _rest.Silo.TokenFor("login-user"); // creates the user with the test password
        var token = await LoginAsync("login-user", TestUsers.Password, HttpStatusCode.OK);
        Assert.AreEqual("bearer", token.GetProperty("token_type").GetString());
        var expiration = token.GetProperty("expiration").GetString()!;
        Assert.IsFalse(expiration.EndsWith('Z') || expiration.Contains('+'), $"naive UTC as Balsam's client compares it with utcnow(): {expiration}");
        var expires = DateTime.Parse(expiration, System.Globalization.CultureInfo.InvariantCulture);
        Assert.IsTrue(expires > DateTime.UtcNow.AddDays(29) && expires < DateTime.UtcNow.AddDays(31), $"the silo's 30-day token lifetime: {expiration}");

        using var client = new HttpClient { BaseAddress = _rest.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("access_token").GetString());
        var me = await GetAsync(client, "/auth/password/me");
        Assert.AreEqual("login-user", me.GetProperty("username").GetString());
        Assert.IsGreaterThan(0L, me.GetProperty("id").GetInt64());
        Assert.AreEqual(0, (await GetAsync(client, "/sites/")).GetProperty("count").GetInt32());
    }

    [TestMethod]
    public async Task AWrongPasswordAndAnUnknownUserAreTheSame401()
    {
        _ = _rest.Silo.TokenFor("wrong-pw");
        var wrong = await LoginAsync("wrong-pw", "not the password at all", HttpStatusCode.Unauthorized);
        var unknown = await LoginAsync("nobody-here", TestUsers.Password, HttpStatusCode.Unauthorized);
        Assert.AreEqual(wrong.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [TestMethod]
    public async Task ALoginWithoutItsFormFieldsIs422NamingEachField()
    {
        using var response = await _rest.Anonymous.PostAsync("/auth/password/login", new FormUrlEncodedContent([new("username", "x")]));
        var error = await ExpectAsync(response, HttpStatusCode.UnprocessableEntity);
        CollectionAssert.AreEqual(new[] { "body.password" }, SchemaErrorFields(error));

        using var json = await _rest.Anonymous.PostAsync("/auth/password/login", Body(new { username = "x", password = "y" }));
        Assert.AreEqual(HttpStatusCode.UnprocessableEntity, json.StatusCode, "the login is a form, as OAuth2's password flow");
    }

    [TestMethod]
    public async Task EveryResourceRouteWithoutAValidBearerTokenIs401()
    {
        var expired = await TestUsers.TokenAsync(_rest.Silo.Options.ConnectionString!, "expiring", TimeSpan.FromSeconds(1));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // the token's own lifetime, judged by the database clock
        string?[] headers = [null, "Bearer not-a-token", "Basic dXNlcjpwYXNz", $"Bearer {expired}", "Bearer"];
        foreach (var path in new[] { "/sites/", "/sites/1", "/apps/", "/apps/1", "/auth/password/me" })
        {
            foreach (var header in headers)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                if (header is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", header);
                }

                using var response = await _rest.Anonymous.SendAsync(request);
                var body = await ExpectAsync(response, HttpStatusCode.Unauthorized);
                Assert.AreEqual("Could not validate credentials", body.GetProperty("detail").GetString(), $"{path} with '{header}'");
            }
        }

        using var post = await _rest.Anonymous.PostAsync("/sites/", Body(new { name = "x", path = "/x" }));
        Assert.AreEqual(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [TestMethod]
    public async Task RegistrationCreatesAUserWhoCanLogInOnceOnly()
    {
        var created = await PostAsync(_rest.Anonymous, "/auth/password/register", new { username = "newcomer", password = "a long enough password" });
        Assert.AreEqual("newcomer", created.GetProperty("username").GetString());
        Assert.IsGreaterThan(0L, created.GetProperty("id").GetInt64());
        await LoginAsync("newcomer", "a long enough password", HttpStatusCode.OK);

        var again = await PostAsync(_rest.Anonymous, "/auth/password/register", new { username = "newcomer", password = "another long password" }, HttpStatusCode.BadRequest);
        Assert.AreEqual("Username already taken", again.GetProperty("detail").GetString());
        var weak = await PostAsync(_rest.Anonymous, "/auth/password/register", new { username = "weakling", password = "x" }, HttpStatusCode.BadRequest);
        StringAssert.Contains(weak.GetProperty("detail").GetString(), "assword");
        var missing = await PostAsync(_rest.Anonymous, "/auth/password/register", new { username = "nopassword" }, HttpStatusCode.UnprocessableEntity);
        StringAssert.Contains(missing.GetRawText(), "password");
    }

    [TestMethod]
    public async Task RegistrationIsRefusedUnlessTheSiloAllowsIt()
    {
        await using var closed = await RestFixture.StartAsync("rest_auth_closed");
        var refused = await PostAsync(closed.Anonymous, "/auth/password/register", new { username = "intruder", password = "a long enough password" }, HttpStatusCode.Forbidden);
        StringAssert.Contains(refused.GetProperty("detail").GetString(), "--allow-registration");
        await ExpectAsync(await closed.Anonymous.PostAsync("/auth/password/login", Form("intruder", "a long enough password")), HttpStatusCode.Unauthorized);
    }

    private static async Task<JsonElement> LoginAsync(string user, string password, HttpStatusCode status)
    {
        using var response = await _rest.Anonymous.PostAsync("/auth/password/login", Form(user, password));
        return await ExpectAsync(response, status);
    }

    private static FormUrlEncodedContent Form(string user, string password) => new([new("username", user), new("password", password)]);
}
