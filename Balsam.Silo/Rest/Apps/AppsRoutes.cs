using System.Text.Json;
using System.Text.Json.Nodes;
using Balsam.Apps;
using Balsam.Errors;
using Balsam.Silo.Rest.Core;
using Balsam.Sites;
using Balsam.Users;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Balsam.Silo.Rest.Apps;

/// <summary>
/// Balsam's <c>/apps/</c> routes over the <see cref="ISiteGrain"/> that holds each app (register, list, delete with its
/// jobs) and the <see cref="IAppCatalogueGrain"/> (look-up by id). Lists filter by <c>site_id</c>, <c>id</c>, <c>name</c>,
/// <c>site_path</c> (contains) and <c>site_name</c>, ordered by id; C# apps of the SDK are listed beside Python ones.
/// </summary>
public static class AppsRoutes
{
    public const string DuplicateName = "An app with this site_id and name already exists";

    /// <summary>Maps the routes under <c>/apps</c> on the authenticated REST group.</summary>
    public static RouteGroupBuilder MapApps(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/apps");
        group.MapGet("/", (Delegate)ListAsync);
        group.MapPost("/", (Delegate)CreateAsync);
        group.MapGet("/{id:long}", GetAsync);
        group.MapPut("/{id:long}", UpdateAsync);
        group.MapDelete("/{id:long}", DeleteAsync);
        return group;
    }

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        var query = new QueryReader(context.Request.Query, "app query");
        var siteIds = query.Longs("site_id") ?? [];
        var ids = query.Longs("id") ?? [];
        var name = query.String("name");
        var sitePath = query.String("site_path");
        var siteName = query.String("site_name");
        var paging = Paging.From(query);
        query.ThrowIfAny();
        var grains = RestEndpoints.Grains(context);
        var sites = (await grains.GetGrain<IUserGrain>(RestCaller.User(context)).ListSitesAsync())
            .Where(s => siteIds.Count == 0 || siteIds.Contains(s.Id))
            .Where(s => string.IsNullOrEmpty(sitePath) || s.Path.Contains(sitePath, StringComparison.Ordinal))
            .Where(s => string.IsNullOrEmpty(siteName) || s.Name == siteName);
        var apps = (await Task.WhenAll(sites.Select(s => grains.GetGrain<ISiteGrain>(s.Id).ListAppsAsync())))
            .SelectMany(list => list)
            .Where(a => ids.Count == 0 || ids.Contains(a.Id))
            .Where(a => name is null || a.Name == name)
            .OrderBy(a => a.Id)
            .ToList();
        return RestResults.Ok(paging.Apply(apps, AppMapper.ToOut));
    }

    private static async Task<IResult> GetAsync(long id, HttpContext context) =>
        RestResults.Ok(AppMapper.ToOut(await FindAsync(context, id)));

    private static async Task<IResult> CreateAsync(HttpContext context)
    {
        var body = await ReadObjectAsync(context);
        var typed = AppMapper.Typed(body);
        var missing = new (string Field, object? Value)[]
        {
            ("site_id", typed.SiteId), ("name", typed.Name), ("serialized_class", typed.SerializedClass), ("source_code", typed.SourceCode),
        }.Where(f => f.Value is null).ToList();
        if (missing.Count > 0)
        {
            throw new RestSchemaException([.. missing.Select(f => new RestSchemaError(["body", f.Field], "field required", "value_error.missing"))]);
        }

        var site = RestEndpoints.Grains(context).GetGrain<ISiteGrain>(typed.SiteId!.Value);
        if ((await site.GetAsync()).AppNames.Contains(typed.Name!))
        {
            return RestResults.Detail(StatusCodes.Status400BadRequest, DuplicateName);
        }

        return RestResults.Created(AppMapper.ToOut(await site.RegisterAppAsync(AppMapper.ToDefinition(body))));
    }

    /// <summary>A partial update of a Python app: the fields sent replace the stored ones; the rest stay as stored.</summary>
    private static async Task<IResult> UpdateAsync(long id, HttpContext context)
    {
        var app = await FindAsync(context, id);
        var body = await ReadObjectAsync(context);
        var typed = AppMapper.Typed(body);
        if (app.Definition.PythonApp is not { } stored)
        {
            throw new BalsamValidationException($"app '{app.Name}'", "id",
                "was registered by the C# SDK; change it there (re-register its ApplicationDefinition), not over the REST API");
        }

        if (typed.SiteId is { } siteId && siteId != app.SiteId || typed.Name is { } name && name != app.Name)
        {
            throw new BalsamValidationException($"app '{app.Name}'", typed.Name is { } n && n != app.Name ? "name" : "site_id",
                "an app keeps its site and name (its jobs refer to them): register a new app and delete this one instead");
        }

        var merged = JsonNode.Parse(stored)!.AsObject();
        foreach (var (key, value) in body)
        {
            merged[key] = value?.DeepClone();
        }

        var site = RestEndpoints.Grains(context).GetGrain<ISiteGrain>(app.SiteId);
        return RestResults.Ok(AppMapper.ToOut(await site.RegisterAppAsync(AppMapper.ToDefinition(merged))));
    }

    /// <summary>Deletes the app and every job of it, as Balsam's server does.</summary>
    private static async Task<IResult> DeleteAsync(long id, HttpContext context)
    {
        var app = await FindAsync(context, id);
        return await RestEndpoints.Grains(context).GetGrain<ISiteGrain>(app.SiteId).DeleteAppAsync(app.Name)
            ? RestResults.NoContent()
            : RestResults.NotFound();
    }

    /// <summary>The caller's app with this id; another user's is not found, as a missing one.</summary>
    private static async Task<AppInfo> FindAsync(HttpContext context, long id)
    {
        var grains = RestEndpoints.Grains(context);
        var app = await grains.GetGrain<IAppCatalogueGrain>(0).GetAppByIdAsync(id);
        return await grains.GetGrain<ISiteGrain>(app.SiteId).GetAppAsync(app.Name); // the site grain checks the owner too
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new RestSchemaException([new RestSchemaError(["body"], e.Message.Split(" Path: ")[0], "value_error.jsondecode")]);
        }

        return node as JsonObject ?? throw new RestSchemaException([new RestSchemaError(["body"], "value is not a valid dict", "type_error.dict")]);
    }
}
