using System.Globalization;

namespace BouncePortal.Cli.Samples;

/// <summary>
/// Writes a realistic synthetic Postfix maillog: several sending mailboxes with different
/// bounce profiles, qmgr sender lines, smtp delivery lines and queue removals, mixing plain
/// deliveries with greylisting, rate limits, unknown users, full mailboxes, connection
/// failures that expire and DMARC rejections. The output depends only on the options.
/// Names are reserved example domains (plus the big free-mail domains as recipients) and
/// addresses come from the documentation ranges 192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24.
/// </summary>
public sealed partial class PostfixSampleGenerator
{
    private const string MtaHost = "mta1";
    private const string SendingIp = "203.0.113.25";
    private const int QmgrPid = 2210;

    private static readonly TimeSpan QueueLifetime = TimeSpan.FromDays(5);
    private static readonly TimeSpan SendingDayStart = TimeSpan.FromHours(9);
    private static readonly TimeSpan SendingDayEnd = TimeSpan.FromHours(17);

    private readonly PostfixSampleOptions options;
    private readonly Random random;
    private readonly string[] mailboxes;
    private readonly PriorityQueue<LogEntry, (long Ticks, long Sequence)> pending = new();
    private long sequence;
    private long queueIdCounter;

    /// <summary>Creates a generator for <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Messages or mailboxes is not positive.</exception>
    public PostfixSampleGenerator(PostfixSampleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Messages);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Mailboxes);
        this.options = options;
        random = new Random(options.Seed);
        mailboxes = Enumerable.Range(0, options.Mailboxes).Select(MailboxAddress).ToArray();
    }

    /// <summary>The sending mailboxes, in the order of their bounce profiles from healthy to critical.</summary>
    public IReadOnlyList<string> SendingMailboxes => mailboxes;

    /// <summary>The time of the last line <see cref="Write"/> wrote, UTC; null before it has written one.</summary>
    public DateTime? LastLineTime { get; private set; }

    /// <summary>
    /// Writes the log to <paramref name="writer"/> in time order with LF line ends. Memory
    /// grows with the messages still in the queue, not with the message count.
    /// </summary>
    public void Write(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var clock = options.Start.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + SendingDayStart;
        var spacing = TimeSpan.FromSeconds(90.0 / options.Mailboxes);
        for (var i = 0; i < options.Messages; i++)
        {
            clock += spacing * (0.5 + random.NextDouble());
            if (clock.TimeOfDay >= SendingDayEnd)
            {
                clock = clock.Date.AddDays(1) + SendingDayStart;
            }

            // Everything logged before this message was queued can be written now.
            Flush(writer, clock);
            var mailboxIndex = i % mailboxes.Length;
            var scenario = PickScenario(mailboxIndex);
            QueueMessage(clock, mailboxes[mailboxIndex], scenario);
        }

        Flush(writer, DateTime.MaxValue);
    }

    private void Flush(TextWriter writer, DateTime until)
    {
        while (pending.TryPeek(out var entry, out var key) && key.Ticks < until.Ticks)
        {
            pending.Dequeue();
            LastLineTime = entry.Time;
            writer.Write(FormatTimestamp(entry.Time));
            writer.Write(' ');
            writer.Write(MtaHost);
            writer.Write(' ');
            writer.Write(entry.Program);
            writer.Write(": ");
            writer.Write(entry.Message);
            writer.Write('\n');
        }
    }

    private string FormatTimestamp(DateTime time)
    {
        var culture = CultureInfo.InvariantCulture;
        if (options.SyslogTimestamps)
        {
            // Classic syslog pads a one-digit day with a space: "Jun  4".
            return string.Create(culture, $"{time:MMM} {time.Day,2} {time:HH:mm:ss}");
        }

        return time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", culture);
    }

    private void Log(DateTime time, string program, string message)
    {
        pending.Enqueue(new LogEntry(time, program, message), (time.Ticks, sequence++));
    }

    /// <summary>
    /// Returns a new 10-character upper-case hex queue id. Multiplying a counter by an odd
    /// number modulo 2^40 is a bijection, so ids never repeat yet look random.
    /// </summary>
    private string NextQueueId()
    {
        var value = unchecked((ulong)(++queueIdCounter + options.Seed) * 0x9E3779B97FuL) & 0xFF_FFFF_FFFFuL;
        return value.ToString("X10", CultureInfo.InvariantCulture);
    }

    private static string MailboxAddress(int index)
    {
        string[] names = ["anna", "ben", "carla", "dmitri", "elif", "farid", "grace", "hugo", "ines", "jonas"];
        string[] domains = ["outreach.example.com", "growth.example.net", "pipeline.example.com", "prospects.example.net"];
        var round = index / names.Length;
        var name = round == 0 ? names[index] : $"{names[index % names.Length]}{round + 1}";
        return $"{name}@{domains[index % domains.Length]}";
    }

    private sealed record LogEntry(DateTime Time, string Program, string Message);
}
