using System.Net;
using BouncePortal.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BouncePortal.Web.Tests.Browser;

/// <summary>
/// The portal on a real loopback port with its Hangfire server running, and Debian's Chromium
/// driven by Playwright with a fresh profile.
/// </summary>
public sealed class BrowserPortalFactory : PortalFactory, IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public BrowserPortalFactory()
        : base(runJobServer: true)
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
    }

    public string BaseAddress { get; private set; } = string.Empty;

    public static string ScreenshotDirectory => Path.Combine(RepositoryRoot, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing. Install Debian's chromium package (apt-get install chromium).");
        }

        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = addresses.Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

        playwright = await Playwright.CreateAsync();
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>Starts Chromium with a fresh profile, so each test begins signed out.</summary>
    public async Task<IBrowserContext> NewBrowserAsync()
    {
        var profileDirectory = Path.Combine(DataDirectory, "chromium-" + Guid.NewGuid().ToString("N"));
        return await playwright!.Chromium.LaunchPersistentContextAsync(profileDirectory, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            BaseURL = BaseAddress,
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        playwright?.Dispose();
        return Task.CompletedTask;
    }
}
