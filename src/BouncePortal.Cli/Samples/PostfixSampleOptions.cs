namespace BouncePortal.Cli.Samples;

/// <summary>Settings of a synthetic Postfix maillog written by <see cref="PostfixSampleGenerator"/>.</summary>
public sealed record PostfixSampleOptions
{
    /// <summary>Messages to send, one recipient each. Default 200.</summary>
    public int Messages { get; init; } = 200;

    /// <summary>Sending mailboxes, each with a bounce profile from healthy to critical in turn. Default 4.</summary>
    public int Mailboxes { get; init; } = 4;

    /// <summary>Random seed: the same options write the same log. Default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>First sending day. Sending runs 09:00 to 17:00 UTC each day. Default 2024-06-10.</summary>
    public DateOnly Start { get; init; } = new(2024, 6, 10);

    /// <summary>True for classic syslog timestamps (<c>Jun 10 09:00:01</c>), false for RFC 3339. Default false.</summary>
    public bool SyslogTimestamps { get; init; }
}
