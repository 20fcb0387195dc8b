using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BouncePortal.Web.Tests.Scaling;

public sealed class KeyRingTests
{
    [Fact]
    public async Task Protect_StoresKeyInDatabase()
    {
        using var factory = new PortalFactory();
        var protector = factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("key-ring-test");

        var protectedText = protector.Protect("secret");

        Assert.Equal("secret", protector.Unprotect(protectedText));
        await using var db = factory.Services.GetRequiredService<Infrastructure.Data.TenantDbContextFactory>().CreateWithoutTenant();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
        Assert.False(Directory.Exists(Path.Combine(factory.DataDirectory, "keys")));
    }

    [Fact]
    public async Task Start_FileKeyRing_Imported()
    {
        using var factory = new PortalFactory();
        var keys = Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "keys"));
        const string keyXml = "<key id=\"7d3c1c52-5d0a-4b55-9d7e-1f1f3f0f8a01\" version=\"1\"><creationDate>2026-01-01T00:00:00Z</creationDate></key>";
        await File.WriteAllTextAsync(Path.Combine(keys.FullName, "key-7d3c1c52-5d0a-4b55-9d7e-1f1f3f0f8a01.xml"), keyXml);

        await using var db = factory.Services.GetRequiredService<Infrastructure.Data.TenantDbContextFactory>().CreateWithoutTenant();
        var stored = await db.DataProtectionKeys.ToListAsync();

        // The test key has no expiry, so the portal also creates a fresh key beside it.
        var imported = Assert.Single(stored, key => key.FriendlyName == "key-7d3c1c52-5d0a-4b55-9d7e-1f1f3f0f8a01");
        Assert.Equal(keyXml, imported.Xml);
    }
}
