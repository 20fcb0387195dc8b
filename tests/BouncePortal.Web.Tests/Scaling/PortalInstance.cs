using System.Net;
using System.Net.Sockets;
using BouncePortal.Web.Tests.Support;

namespace BouncePortal.Web.Tests.Scaling;

/// <summary>
/// One portal instance served by Kestrel on a loopback port, on a PostgreSQL database and data
/// folder shared with other instances.
/// </summary>
public sealed class PortalInstance : PortalFactory
{
    private PortalInstance(PostgreSqlTestDatabase database, string dataDirectory, string roles, int port)
        : base(database, dataDirectory, runJobServer: true)
    {
        Port = port;
        Settings["BouncePortal:Roles"] = roles;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Starts an instance with <paramref name="roles"/> (for example "Web" or "Web,Jobs") on a free port.</summary>
    public static PortalInstance Start(PostgreSqlTestDatabase database, string dataDirectory, string roles)
    {
        var instance = new PortalInstance(database, dataDirectory, roles, FreeLoopbackPort());
        instance.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, instance.Port));
        instance.StartServer();
        return instance;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
