namespace BouncePortal.Domain.Parsing.Mta;

/// <summary>
/// Splits Exchange's <c>recipient-status</c> into one status per recipient and reads the
/// queue form of a deferral,
/// <c>[{LED=451 4.4.395 ... -&gt; 421 4.3.2 ...};{MSG=};{FQDN=mx.example.net};{IP=192.0.2.9};{LRT=...}]</c>.
/// </summary>
internal static class ExchangeRecipientStatus
{
    /// <summary>Splits at the ';' that lie outside brackets and braces, since the queue form contains ';' of its own.</summary>
    public static List<string> Split(string status)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < status.Length; i++)
        {
            switch (status[i])
            {
                case '[' or '{':
                    depth++;
                    break;
                case ']' or '}':
                    depth = Math.Max(0, depth - 1);
                    break;
                case ';' when depth == 0:
                    parts.Add(status[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        parts.Add(status[start..].Trim());
        return parts;
    }

    /// <summary>
    /// Reads the reply (the LED= value), the remote host (FQDN=) and IP (IP=) of the queue form.
    /// Returns the status unchanged, with no host or IP, when it is in another form.
    /// </summary>
    public static string Read(string status, out string? host, out string? ip)
    {
        host = null;
        ip = null;
        if (!status.StartsWith("[{", StringComparison.Ordinal))
        {
            return status;
        }

        var reply = Property(status, "LED=");
        host = Property(status, "FQDN=");
        ip = Property(status, "IP=");
        return reply ?? status;
    }

    private static string? Property(string status, string name)
    {
        var at = status.IndexOf("{" + name, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + 1 + name.Length;
        var end = status.IndexOf('}', start);
        var value = (end < 0 ? status[start..] : status[start..end]).Trim();
        return value.Length == 0 ? null : value;
    }
}
