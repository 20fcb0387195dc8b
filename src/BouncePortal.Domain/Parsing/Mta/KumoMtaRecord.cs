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

    /// <summary>When the record was logged, or null when the value is no valid time.</summary>
    [JsonPropertyName("timestamp")]
    [JsonConverter(typeof(KumoMtaTimestampConverter))]
    public DateTimeOffset? Timestamp { get; set; }

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

/// <summary>
/// Reads a timestamp written as Unix seconds (an integer or a fraction) or as an ISO 8601
/// string. A value of another kind reads as null instead of failing the line.
/// </summary>
internal sealed class KumoMtaTimestampConverter : JsonConverter<DateTimeOffset?>
{
    /// <summary>The last second of year 9999, the latest time a <see cref="DateTimeOffset"/> can represent.</summary>
    private const long MaxUnixSeconds = 253_402_300_799;

    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetInt64(out var seconds):
                return seconds is >= 0 and <= MaxUnixSeconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
            case JsonTokenType.Number when reader.TryGetDouble(out var fraction):
                return fraction is >= 0 and <= MaxUnixSeconds ? DateTimeOffset.UnixEpoch.AddTicks((long)(fraction * TimeSpan.TicksPerSecond)) : null;
            case JsonTokenType.String:
                return IsoTimestamp.TryRead(reader.GetString(), out var timestamp) ? timestamp : null;
            default:
                reader.Skip();
                return null;
        }
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options) =>
        throw new NotSupportedException("KumoMTA records are only read.");
}

[JsonSerializable(typeof(KumoMtaRecord))]
internal sealed partial class KumoMtaJsonContext : JsonSerializerContext;
