using System.ComponentModel.DataAnnotations;

namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// Settings under the <c>BouncePortal</c> section of appsettings.json.
/// </summary>
public sealed class BouncePortalOptions : IValidatableObject
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "BouncePortal";

    /// <summary>
    /// Folder of the databases and uploaded files. A relative path is resolved against the
    /// content root (the repository root when run from there).
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Largest upload accepted, in megabytes.</summary>
    [Range(1, 100_000)]
    public int MaxUploadMegabytes { get; set; } = 200;

    /// <summary>
    /// Whether this process may run a Hangfire server. <c>false</c> turns the server off even when
    /// <see cref="Roles"/> includes <see cref="PortalRoles.Jobs"/>.
    /// </summary>
    public bool RunJobServer { get; set; } = true;

    /// <summary>
    /// What this process does: <c>Web</c>, <c>Jobs</c> or <c>Web,Jobs</c>. Default: both.
    /// </summary>
    public PortalRoles Roles { get; set; } = PortalRoles.Web | PortalRoles.Jobs;

    /// <summary>The database engine and its connection.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Whether this process serves the pages.</summary>
    public bool ServesPages => Roles.HasFlag(PortalRoles.Web);

    /// <summary>Whether this process runs the Hangfire server.</summary>
    public bool RunsJobs => Roles.HasFlag(PortalRoles.Jobs) && RunJobServer;

    /// <summary>
    /// Emails of the platform operators. Such a user gets the platform operator role at sign-in
    /// and no agency: the agencies list and the job dashboard, but no agency's data.
    /// </summary>
    public string[] PlatformOperators { get; set; } = [];

    /// <summary>Whether <paramref name="email"/> is listed in <see cref="PlatformOperators"/>, ignoring case.</summary>
    public bool IsPlatformOperator(string? email) =>
        !string.IsNullOrWhiteSpace(email)
        && PlatformOperators.Any(listed => string.Equals(listed.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Disk space each agency's stored uploads may take, in megabytes, unless the agency has its own
    /// quota. Default 5,120 (5 GB).
    /// </summary>
    [Range(1, 10_000_000)]
    public int StorageQuotaMegabytes { get; set; } = 5 * 1024;

    /// <summary>Days an upload and everything derived from it are kept, unless the agency sets its own. Default 180.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 180;

    /// <summary>The outgoing mail server for account emails. Without a host, emails are written to the log.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>
    /// The portal's public base address, such as <c>https://portal.example.com</c>. Links in account
    /// emails (password reset, email confirmation, invitations) are built on it, never on the
    /// request's Host header. Required when <see cref="Smtp"/> has a host. Without SMTP, links
    /// fall back to the request's base address because they only go to the log.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>Largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;

    /// <summary><see cref="PublicUrl"/> as an absolute address, or null when it is not set.</summary>
    public Uri? PublicBaseUri =>
        Uri.TryCreate(PublicUrl?.Trim(), UriKind.Absolute, out var uri) ? uri : null;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(PublicUrl))
        {
            if (Smtp.IsConfigured)
            {
                yield return new ValidationResult(
                    "BouncePortal:PublicUrl is missing. Account emails are sent through BouncePortal:Smtp:Host, so set "
                    + "BouncePortal:PublicUrl to the portal's public address (for example https://portal.example.com) "
                    + "for the links in those emails.",
                    [nameof(PublicUrl)]);
            }

            yield break;
        }

        if (PublicBaseUri is not { Scheme: "https" or "http" } uri || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            yield return new ValidationResult(
                $"BouncePortal:PublicUrl '{PublicUrl}' is invalid. Set an absolute http or https address without query "
                + "or fragment, such as https://portal.example.com.",
                [nameof(PublicUrl)]);
        }
    }
}
