using System.Net;
using System.Reflection;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

/// <summary>
/// Walks every routable page and endpoint the portal maps, found through its endpoint data source,
/// so a new page or endpoint is covered without touching this test.
/// </summary>
public sealed class RouteIsolationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private const string NorthName = "Isolation North";
    private const string NorthFile = "north-secret.log";

    // Recipients of SampleLogs.TwoMailboxes: any of them in a page of another agency is a leak.
    private static readonly string[] NorthRecipients = ["j.doe@example.com", "sales@example.com", "cfo@example.org", "ops@gmail.com", "lead@example.net", "info@example.net"];

    [Fact]
    public void Walk_PortalPagesAndEndpoints()
    {
        var routes = Discover().Select(route => route.Pattern).ToList();

        Assert.Contains("/dashboard", routes);
        Assert.Contains("/uploads", routes);
        Assert.Contains("/attempts", routes);
        Assert.Contains("/settings", routes);
        Assert.Contains("/exports/suppression-list.csv", routes);
        Assert.Contains("/settings/delete-agency", routes);
    }

    [Fact]
    public async Task GetRoutes_OtherAgencyIds()
    {
        var (north, south, ids) = await TwoAgenciesAsync();
        var ownExport = await north.Client.GetStringAsync("/exports/suppression-list.csv");
        Assert.Contains("sales@example.com", ownExport);
        Assert.Contains(NorthName, await north.GetPageAsync("/dashboard"));

        var visited = 0;
        foreach (var route in Discover().Where(r => r.Methods.Contains("GET")))
        {
            foreach (var url in UrlsFor(route, ids))
            {
                var response = await south.Client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                visited++;

                Assert.True(
                    response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Redirect or HttpStatusCode.BadRequest,
                    $"GET {url} as another agency returned {response.StatusCode}");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    // A sign-in or access-denied redirect echoes the requested URL in ReturnUrl, which is no leak.
                    var location = response.Headers.Location!.ToString().Split("ReturnUrl=", 2)[0];
                    Assert.DoesNotContain(ids.UploadId.ToString(), location, StringComparison.OrdinalIgnoreCase);
                }

                foreach (var secret in NorthRecipients.Append(NorthName).Append(NorthFile))
                {
                    Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"GET {url} as another agency shows '{secret}' of the first agency.");
                }
            }
        }

        Assert.True(visited >= 20, $"Only {visited} URLs were walked.");
    }

    [Fact]
    public async Task ProtectedRoutes_Anonymous()
    {
        var (_, _, ids) = await TwoAgenciesAsync();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var protectedRoutes = Discover().Where(route => route.RequiresAuthorization).ToList();
        Assert.Contains(protectedRoutes, route => route.Pattern == "/dashboard");

        foreach (var route in protectedRoutes)
        {
            var method = route.Methods.Contains("GET") ? HttpMethod.Get : HttpMethod.Post;
            foreach (var url in UrlsFor(route, ids).Take(1))
            {
                using var request = new HttpRequestMessage(method, url);
                if (method == HttpMethod.Post)
                {
                    request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["confirmName"] = NorthName });
                }

                var response = await client.SendAsync(request);

                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {url} anonymous returned {response.StatusCode}");
                Assert.Contains("/Account/Login", response.Headers.Location!.ToString());
            }
        }
    }

    private IReadOnlyList<DiscoveredRoute> Discover()
    {
        // Creating a client builds the host, which fills the data source.
        using var client = factory.CreateClient();
        var dataSource = factory.Services.GetRequiredService<EndpointDataSource>();
        var routes = new List<DiscoveredRoute>();
        foreach (var endpoint in dataSource.Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? string.Empty).TrimStart('/');
            var component = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>()?.Type;
            var isStaticFile = endpoint.Metadata.Any(m => m.GetType().Name.Contains("StaticAsset", StringComparison.Ordinal));
            if (isStaticFile || pattern.StartsWith("/_", StringComparison.Ordinal))
            {
                continue;
            }

            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var requiresAuthorization = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Count > 0
                && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            routes.Add(new DiscoveredRoute(pattern, methods.ToHashSet(StringComparer.OrdinalIgnoreCase), component, requiresAuthorization));
        }

        return routes.DistinctBy(route => (route.Pattern, string.Join(",", route.Methods.Order()))).ToList();
    }

    /// <summary>The route with its parameters and every query parameter its page reads filled with the first agency's ids.</summary>
    private static IEnumerable<string> UrlsFor(DiscoveredRoute route, NorthIds ids)
    {
        // Only the parameter is replaced, so "{planId:guid}.csv" keeps its ".csv".
        var path = System.Text.RegularExpressions.Regex.Replace(route.Pattern, @"\{[^}]+\}", ids.UploadId.ToString());

        yield return path;

        var queryNames = route.Component is null ? [] : QueryParameters(route.Component).ToList();
        if (queryNames.Count == 0)
        {
            yield break;
        }

        foreach (var value in new[] { ids.UploadId.ToString(), ids.MailboxId.ToString(), ids.MailboxAddress })
        {
            yield return path + "?" + string.Join("&", queryNames.Select(name => $"{name}={Uri.EscapeDataString(value)}"));
        }
    }

    private static IEnumerable<string> QueryParameters(Type component)
    {
        for (var type = component; type is not null && type != typeof(ComponentBase); type = type.BaseType)
        {
            foreach (var property in type.GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (property.GetCustomAttribute<SupplyParameterFromQueryAttribute>() is { } query
                    && (property.PropertyType == typeof(string) || Nullable.GetUnderlyingType(property.PropertyType) == typeof(Guid) || property.PropertyType == typeof(Guid)))
                {
                    yield return query.Name ?? property.Name;
                }
            }
        }
    }

    private async Task<(AgencySession North, AgencySession South, NorthIds Ids)> TwoAgenciesAsync()
    {
        var north = await AgencySession.CreateAsync(factory, NorthName);
        var south = await AgencySession.CreateAsync(factory, "Isolation South");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var inventory = scope.ServiceProvider.GetRequiredService<MailboxInventoryService>();
            Assert.True((await inventory.AddAsync(north.TenantId, new MailboxDraft { Address = "anna@outreach-example.com" }, CancellationToken.None)).Succeeded);
        }

        var upload = await factory.UploadAsync(north.TenantId, NorthFile, SampleLogs.TwoMailboxes);
        await factory.RunUploadJobAsync(north.TenantId, upload.Id);
        await using var db = factory.OpenDatabase(north.TenantId);
        var mailbox = await db.SendingMailboxes.SingleAsync();
        return (north, south, new NorthIds(upload.Id, mailbox.Id, mailbox.Address));
    }

    private sealed record DiscoveredRoute(string Pattern, IReadOnlySet<string> Methods, Type? Component, bool RequiresAuthorization);

    private sealed record NorthIds(Guid UploadId, Guid MailboxId, string MailboxAddress);
}
