using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Data;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Settings;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BouncePortal.Infrastructure.Tenancy;

/// <summary>
/// Creates an agency together with its owner account, both or neither.
/// </summary>
public sealed class AgencySignupService(
    BouncePortalDbContext db,
    UserManager<ApplicationUser> users,
    IAuditLog audit,
    TimeProvider time,
    IOptions<BouncePortalOptions> options)
{
    /// <summary>
    /// Creates the agency and its owner and records the sign-up in the new agency's audit log. On
    /// failure nothing is stored and the errors name what to fix.
    /// </summary>
    public async Task<AgencySignupResult> CreateAsync(
        string agencyName, string ownerName, string email, string password, CancellationToken cancellationToken)
    {
        agencyName = agencyName.Trim();
        if (AgencySettings.NameProblem(agencyName) is { } problem)
        {
            return AgencySignupResult.Failed(problem);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var agency = new Agency { Id = Guid.NewGuid(), Name = agencyName, CreatedAt = time.GetUtcNow(), RetentionDays = options.Value.RetentionDays };
        db.Agencies.Add(agency);
        await db.SaveChangesAsync(cancellationToken);

        var owner = new ApplicationUser
        {
            UserName = email.Trim(),
            Email = email.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(ownerName) ? null : ownerName.Trim(),
            TenantId = agency.Id,
            Role = AgencyRole.Owner,
        };
        var created = await users.CreateAsync(owner, password);
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            // Identity reports a taken address twice, as user name and as email; one message is enough.
            var errors = created.Errors
                .Where(e => e.Code != nameof(IdentityErrorDescriber.DuplicateUserName) || created.Errors.All(other => other.Code != nameof(IdentityErrorDescriber.DuplicateEmail)))
                .Select(e => e.Description)
                .ToArray();
            return AgencySignupResult.Failed(errors);
        }

        await transaction.CommitAsync(cancellationToken);

        // The IP address comes from the sign-up request, through the host's audit actor source.
        await audit.RecordAsync(
            new AuditRecord(agency.Id, AuditActions.AgencyCreated, $"{owner.Email} created the agency \"{agency.Name}\" and became its owner", owner.Id, owner.Email),
            cancellationToken);
        return new AgencySignupResult(agency, owner, []);
    }
}

/// <summary>
/// The result of creating an agency.
/// </summary>
public sealed record AgencySignupResult(Agency? Agency, ApplicationUser? Owner, IReadOnlyList<string> Errors)
{
    /// <summary>True when the agency and its owner exist.</summary>
    public bool Succeeded => Agency is not null && Errors.Count == 0;

    internal static AgencySignupResult Failed(params string[] errors) => new(null, null, errors);
}
