using System.Net.Http.Headers;
using System.Text.Json;
using System.Globalization;

namespace BouncePortal.Infrastructure.Notifications;

/// <summary>
/// Posts notifications to an agency's webhook as signed JSON (see <see cref="WebhookSignature"/>).
/// Only a 2xx response counts as delivered; redirects are not followed.
/// </summary>
public sealed class WebhookNotificationSender(IHttpClientFactory clients, TimeProvider time)
{
    /// <summary>The name of the HTTP client that posts webhooks.</summary>
    public const string HttpClientName = "BouncePortal.Webhooks";

    /// <summary>How long one webhook request may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Posts <paramref name="payload"/> to <paramref name="url"/>, signed with <paramref name="secret"/>.</summary>
    public async Task<ChannelResult> SendAsync(Uri url, string secret, WebhookPayload payload, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, Json);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Compute(secret, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("BouncePortal-Webhook", "1.0"));

        try
        {
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? ChannelResult.Delivered(status)
                : ChannelResult.Failed($"The webhook at {url.Host} returned HTTP {status} {response.ReasonPhrase}; only 2xx counts as delivered.", status);
        }
        catch (HttpRequestException exception)
        {
            return ChannelResult.Failed($"The webhook at {url.Host} could not be reached: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ChannelResult.Failed($"The webhook at {url.Host} did not answer within {Timeout.TotalSeconds:0} seconds.");
        }
    }

    /// <summary>
    /// Checks that <paramref name="url"/> is an absolute http or https URL; returns what is wrong, or null.
    /// </summary>
    public static string? ValidateUrl(string? url, out Uri? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "The webhook URL is missing. Enter an absolute http or https URL, such as https://hooks.example.com/bounceportal.";
        }

        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"The webhook URL '{url.Trim()}' is not an absolute http or https URL. Enter one such as https://hooks.example.com/bounceportal.";
        }

        parsed = uri;
        return null;
    }
}

/// <summary>
/// The JSON body of a webhook request.
/// </summary>
/// <param name="Id">The notification id; the same on every retry, so receivers can drop repeats.</param>
/// <param name="Kind">What happened: AlertRaised, WorkflowTransition, or Test for the settings page's test.</param>
/// <param name="Subject">The one-line summary.</param>
/// <param name="Body">The details in plain text.</param>
/// <param name="MailboxId">The mailbox it concerns, or null.</param>
/// <param name="OccurredAt">When it happened, ISO 8601 with offset.</param>
public sealed record WebhookPayload(Guid Id, string Kind, string Subject, string Body, Guid? MailboxId, DateTimeOffset OccurredAt);
