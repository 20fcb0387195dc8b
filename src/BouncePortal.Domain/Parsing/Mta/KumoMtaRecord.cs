using System.Text.Json;
using System.Text.Json.Serialization;

namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>The fields of a KumoMTA log record that the parser reads; others are ignored.</summary>
internal sealed class KumoMtaRecord
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary>The message spool id.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("sender")]
    public string? Sender { get; set; }

    [JsonPropertyName("recipient")]
    public string? Recipient { get; set; }

    /// <summary>The queue name, <c>[campaign:][tenant@]domain</c>.</summary>
    [JsonPropertyName("queue")]
    public string? Queue { get; set; }

    [JsonPropertyName("response")]
    public KumoMtaResponse? Response { get; set; }

    [JsonPropertyName("peer_address")]
    public KumoMtaPeer? PeerAddress { get; set; }

    /// <summary>Seconds since the Unix epoch; kept raw so that a string form is accepted too.</summary>
    [JsonPropertyName("timestamp")]
    public JsonElement Timestamp { get; set; }

    [JsonPropertyName("bounce_classification")]
    public string? BounceClassification { get; set; }

    /// <summary>The name of the egress source, which is an IP address in some configurations.</summary>
    [JsonPropertyName("egress_source")]
    public string? EgressSource { get; set; }

    [JsonPropertyName("source_address")]
    public KumoMtaSourceAddress? SourceAddress { get; set; }
}

/// <summary>The remote server's response in a KumoMTA log record.</summary>
internal sealed class KumoMtaResponse
{
    [JsonPropertyName("code")]
    public int? Code { get; set; }

    [JsonPropertyName("enhanced_code")]
    public KumoMtaEnhancedCode? EnhancedCode { get; set; }

    /// <summary>The reply text after the codes.</summary>
    [JsonPropertyName("content")]
    public string? Content { get; set; }

    /// <summary>The SMTP command the reply responds to ("MAIL FROM", "RCPT TO", "." for the end of data), or null.</summary>
    [JsonPropertyName("command")]
    public string? Command { get; set; }
}

/// <summary>An enhanced status code split into its three numbers.</summary>
internal sealed class KumoMtaEnhancedCode
{
    [JsonPropertyName("class")]
    public int Class { get; set; }

    [JsonPropertyName("subject")]
    public int Subject { get; set; }

    [JsonPropertyName("detail")]
    public int Detail { get; set; }
}

/// <summary>The remote server: its MX name and IP address.</summary>
internal sealed class KumoMtaPeer
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("addr")]
    public string? Address { get; set; }
}

/// <summary>The local address and port a delivery was sent from.</summary>
internal sealed class KumoMtaSourceAddress
{
    [JsonPropertyName("address")]
    public string? Address { get; set; }
}

[JsonSerializable(typeof(KumoMtaRecord))]
internal sealed partial class KumoMtaJsonContext : JsonSerializerContext;
