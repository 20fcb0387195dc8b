using System.Text.RegularExpressions;
using BouncePortal.Domain.Classification;

namespace BouncePortal.Domain.Parsing.Email;

/// <summary>
/// Reads the refusal that the fml mailing-list manager sends for a post it rejects, such as one
/// from an address that is not a member. The notice names the list's address in angle brackets on
/// the line that gives the reason, and the list is the recipient that refused the message.
/// </summary>
internal static partial class MailingListNotice
{
    [GeneratedRegex(@"<(?<address>[^<>@\s]+@[^<>@\s]+)>")]
    private static partial Regex BracketedAddress();

    /// <summary>Returns the list's refusal, or null when <paramref name="message"/> is not an fml notice.</summary>
    public static IReadOnlyList<BounceRecipient>? TryRead(MimeKit.MimeMessage message, string[] lines)
    {
        var server = message.Headers["X-MLServer"];
        if (server is null || !server.TrimStart().StartsWith("fml", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var line in lines)
        {
            if (BracketedAddress().Match(line) is { Success: true } match)
            {
                var recipient = new BounceRecipient(
                    match.Groups["address"].Value, DeliveryOutcome.Bounced, line.Trim(), null, null, SmtpStage.Unknown, null);
                return [recipient];
            }
        }

        return null;
    }
}
