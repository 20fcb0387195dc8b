using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Integration;

public sealed class ModelIsolationTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public void Model_TenantOwnedEntities()
    {
        using var db = factory.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();

        var tenantOwned = db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)).ToList();

        Assert.True(tenantOwned.Count >= 7, $"Only {tenantOwned.Count} tenant-owned types in the model.");
        foreach (var entityType in tenantOwned)
        {
            var filter = entityType.FindDeclaredQueryFilter(BouncePortalDbContext.TenantFilter);
            Assert.True(filter is not null, $"{entityType.ClrType.Name} implements ITenantOwned but has no '{BouncePortalDbContext.TenantFilter}' query filter.");
            var body = filter!.Expression!.ToString();
            Assert.Contains(nameof(ITenantOwned.TenantId), body);
            Assert.Contains(nameof(BouncePortalDbContext.CurrentTenantId), body);
        }
    }

    [Fact]
    public void Assembly_TenantOwnedClasses()
    {
        using var db = factory.Services.GetRequiredService<TenantDbContextFactory>().CreateWithoutTenant();
        var inModel = db.Model.GetEntityTypes().Select(t => t.ClrType).ToHashSet();

        var declared = typeof(ITenantOwned).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(ITenantOwned).IsAssignableFrom(type));

        foreach (var type in declared)
        {
            Assert.True(inModel.Contains(type), $"{type.Name} implements ITenantOwned but is not in the model, so no tenant filter guards it. Register its DbSet.");
        }
    }
}
