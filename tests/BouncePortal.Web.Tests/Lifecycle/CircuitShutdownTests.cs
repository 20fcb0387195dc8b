using BouncePortal.Web.Lifecycle;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;

namespace BouncePortal.Web.Tests.Lifecycle;

/// <summary>
/// Once the host is stopping, circuit requests are refused and open ones are aborted, so a browser
/// that reconnects cannot hold the shutdown until its timeout.
/// </summary>
public sealed class CircuitShutdownTests
{
    [Fact]
    public async Task Stopping_CircuitRequest_Gets503()
    {
        var lifetime = new Lifetime();
        await lifetime.StopAsync();
        var called = false;
        var middleware = new CircuitShutdownMiddleware(_ => { called = true; return Task.CompletedTask; }, lifetime);
        var context = Request("/_blazor/negotiate");

        await middleware.InvokeAsync(context);

        Assert.False(called);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
    }

    [Fact]
    public async Task Stopping_OtherRequest_Passes()
    {
        var lifetime = new Lifetime();
        await lifetime.StopAsync();
        var called = false;
        var middleware = new CircuitShutdownMiddleware(_ => { called = true; return Task.CompletedTask; }, lifetime);

        await middleware.InvokeAsync(Request("/dashboard"));

        Assert.True(called);
    }

    [Fact]
    public async Task OpenCircuit_AbortedOnStop()
    {
        var lifetime = new Lifetime();
        var context = Request("/_blazor");
        var abort = new AbortRecorder();
        context.Features.Set<IHttpRequestLifetimeFeature>(abort);
        var middleware = new CircuitShutdownMiddleware(_ => lifetime.StopAsync(), lifetime);

        await middleware.InvokeAsync(context);

        Assert.True(abort.Aborted);
    }

    [Fact]
    public async Task OpenCircuit_NotAbortedWhileRunning()
    {
        var lifetime = new Lifetime();
        var context = Request("/_blazor");
        var abort = new AbortRecorder();
        context.Features.Set<IHttpRequestLifetimeFeature>(abort);
        var middleware = new CircuitShutdownMiddleware(_ => Task.CompletedTask, lifetime);

        await middleware.InvokeAsync(context);
        await lifetime.StopAsync();

        Assert.False(abort.Aborted);
    }

    private static DefaultHttpContext Request(string path) => new() { Request = { Path = path } };

    /// <summary>A host lifetime whose stop the test triggers.</summary>
    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => stopping.Cancel();

        public Task StopAsync() => stopping.CancelAsync();
    }

    /// <summary>Records whether the request was aborted.</summary>
    private sealed class AbortRecorder : IHttpRequestLifetimeFeature
    {
        public bool Aborted { get; private set; }

        public CancellationToken RequestAborted { get; set; }

        public void Abort() => Aborted = true;
    }
}
