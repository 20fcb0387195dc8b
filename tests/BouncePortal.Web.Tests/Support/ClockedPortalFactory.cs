using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// A portal whose <see cref="TimeProvider"/> is a fake clock that tests move by hand. It starts
/// at the real time, cut to whole seconds, so that sign-in cookies stay valid for the test client
/// and stored times compare equal (the portal stores times coarser than single ticks).
/// </summary>
public sealed class ClockedPortalFactory : PortalFactory
{
    public FakeTimeProvider Clock { get; } = new(WholeSeconds(DateTimeOffset.UtcNow));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) =>
        new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
