namespace BouncePortal.Domain.Parsing;

/// <summary>Tidies the diagnostic text that reports and event exports give for a failure.</summary>
public static class DiagnosticText
{
    /// <summary>
    /// Drops the "smtp;" diagnostic type in front of a reply (RFC 3464's Diagnostic-Code, Amazon
    /// SES's diagnosticCode, Postmark's Details), so that the reply reads as the server sent it.
    /// Other types stay, because they name who wrote the text: "X-Unix;" for a local delivery
    /// program, "X-Postfix;" for the sending MTA.
    /// </summary>
    public static string? WithoutSmtpType(string? reply)
    {
        if (reply is null)
        {
            return null;
        }

        var text = reply.AsSpan().TrimStart();
        return text.StartsWith("smtp;", StringComparison.OrdinalIgnoreCase) ? text[5..].Trim().ToString() : reply;
    }
}
