using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace BouncePortal.Web.Tests.Support;

/// <summary>
/// An HTTP listener on a free 127.0.0.1 port that records every request and responds with the
/// next status code queued in <see cref="Statuses"/>, or 200 when none is queued.
/// </summary>
public sealed class WebhookListener : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public WebhookListener()
    {
        Port = FreePort();
        Url = $"http://127.0.0.1:{Port}/hooks/bounceportal";
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = ServeAsync();
    }

    public int Port { get; }

    public string Url { get; }

    public ConcurrentQueue<int> Statuses { get; } = new();

    public ConcurrentQueue<WebhookRequest> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var headers = context.Request.Headers.AllKeys.Where(key => key is not null)
                .ToDictionary(key => key!, key => context.Request.Headers[key] ?? string.Empty, StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new WebhookRequest(context.Request.HttpMethod, context.Request.Url?.AbsolutePath ?? string.Empty, headers, body.ToArray()));

            context.Response.StatusCode = Statuses.TryDequeue(out var status) ? status : 200;
            context.Response.Close();
        }
    }

    /// <summary>Returns a loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}

/// <summary>A request the listener received.</summary>
public sealed record WebhookRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);
