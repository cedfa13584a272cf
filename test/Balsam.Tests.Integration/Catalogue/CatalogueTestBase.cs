using Balsam.Apps;
using Balsam.Sites;
using Balsam.Tests.Integration.Infrastructure;
using Balsam.Users;

namespace Balsam.Tests.Integration.Catalogue;

/// <summary>Helpers shared by the site and app tests: a silo per class on the class's own database.</summary>
public abstract class CatalogueTestBase
{
    /// <summary>The user's grain; the test client calls as that user from now on.</summary>
    protected static IUserGrain User(TestSilo silo, string name = "alice")
    {
        silo.User = name;
        return silo.Grains.GetGrain<IUserGrain>(name);
    }

    protected static ISiteGrain Site(TestSilo silo, long id) => silo.Grains.GetGrain<ISiteGrain>(id);

    protected static SiteSpec SiteNamed(string name, string path = "/home/alice/sites/x") => new() { Name = name, Path = path };

    protected static AppDefinition HelloApp(string name = "Hello") => new()
    {
        Name = name,
        Description = "Says hello",
        CommandTemplate = "echo Hello, {{ say_hello_to }}!",
    };
}
