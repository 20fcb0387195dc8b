using System.Linq.Expressions;
using BouncePortal.Domain.Classification;
using BouncePortal.Infrastructure.Audit;
using BouncePortal.Infrastructure.Checklists;
using BouncePortal.Infrastructure.Diagnostics;
using BouncePortal.Infrastructure.Health;
using BouncePortal.Infrastructure.Identity;
using BouncePortal.Infrastructure.Mailboxes;
using BouncePortal.Infrastructure.Members;
using BouncePortal.Infrastructure.Notifications;
using BouncePortal.Infrastructure.Ramp;
using BouncePortal.Infrastructure.Rollups;
using BouncePortal.Infrastructure.StopTheBleed;
using BouncePortal.Infrastructure.Tenancy;
using BouncePortal.Infrastructure.Uploads;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BouncePortal.Infrastructure.Data;

/// <summary>
/// The portal's database: Identity, agencies and every tenant-owned entity. One query filter
/// named <see cref="TenantFilter"/> restricts each <see cref="ITenantOwned"/> entity to
/// <see cref="CurrentTenantId"/>, and saving a row of another agency throws.
/// </summary>
public sealed class BouncePortalDbContext(DbContextOptions<BouncePortalDbContext> options)
    : IdentityDbContext<ApplicationUser>(options), IDataProtectionKeyContext
{
    /// <summary>The name of the query filter that keeps each agency to its own rows.</summary>
    public const string TenantFilter = "Tenant";

    /// <summary>
    /// The agency this context works for. <see cref="Guid.Empty"/> (the default, used by the
    /// Identity pages) reads no tenant-owned rows at all and cannot write any.
    /// </summary>
    public Guid CurrentTenantId { get; init; }

    /// <summary>
    /// The ASP.NET Core data protection key ring, shared by every portal instance so that a sign-in
    /// cookie or a stored secret protected by one instance is read by the others.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The agencies.</summary>
    public DbSet<Agency> Agencies => Set<Agency>();

    /// <summary>The current agency's sending mailboxes.</summary>
    public DbSet<SendingMailbox> SendingMailboxes => Set<SendingMailbox>();

    /// <summary>The current agency's uploads.</summary>
    public DbSet<Upload> Uploads => Set<Upload>();

    /// <summary>The current agency's classified delivery attempts.</summary>
    public DbSet<StoredAttempt> Attempts => Set<StoredAttempt>();

    /// <summary>The current agency's per message-recipient outcomes.</summary>
    public DbSet<StoredRecipientOutcome> RecipientOutcomes => Set<StoredRecipientOutcome>();

    /// <summary>The bounce emails that completed uploads brought in, by Message-ID.</summary>
    public DbSet<ImportedBounceEmail> ImportedBounceEmails => Set<ImportedBounceEmail>();

    /// <summary>The current agency's hourly bounce counts per slice.</summary>
    public DbSet<BounceRollup> Rollups => Set<BounceRollup>();

    /// <summary>The current agency's diagnoses, per upload.</summary>
    public DbSet<StoredDiagnosis> Diagnoses => Set<StoredDiagnosis>();

    /// <summary>The current agency's confirmed CSV column mappings.</summary>
    public DbSet<CsvMappingPreset> CsvMappingPresets => Set<CsvMappingPreset>();

    /// <summary>The current agency's remediation checklists.</summary>
    public DbSet<StoredChecklist> Checklists => Set<StoredChecklist>();

    /// <summary>The steps of the current agency's checklists.</summary>
    public DbSet<StoredChecklistStep> ChecklistSteps => Set<StoredChecklistStep>();

    /// <summary>The current agency's notification channels, one row at most.</summary>
    public DbSet<NotificationSettings> NotificationSettings => Set<NotificationSettings>();

    /// <summary>The current agency's published notifications.</summary>
    public DbSet<StoredNotification> Notifications => Set<StoredNotification>();

    /// <summary>The deliveries of the current agency's notifications, one per channel.</summary>
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    /// <summary>The current agency's audit log.</summary>
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    /// <summary>The current agency's invitations.</summary>
    public DbSet<Invitation> Invitations => Set<Invitation>();

    /// <summary>The current agency's health check alerts.</summary>
    public DbSet<HealthAlert> HealthAlerts => Set<HealthAlert>();

    /// <summary>The current agency's stop-the-bleed workflows.</summary>
    public DbSet<StopTheBleedWorkflow> StopTheBleedWorkflows => Set<StopTheBleedWorkflow>();

    /// <summary>The mailboxes of the current agency's stop-the-bleed workflows.</summary>
    public DbSet<WorkflowMailbox> WorkflowMailboxes => Set<WorkflowMailbox>();

    /// <summary>The state changes of the current agency's stop-the-bleed workflows.</summary>
    public DbSet<WorkflowTransition> WorkflowTransitions => Set<WorkflowTransition>();

    /// <summary>The current agency's stored ramp schedules.</summary>
    public DbSet<StoredRampPlan> RampPlans => Set<StoredRampPlan>();

    /// <inheritdoc />
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no date type that sorts with an offset, so DateTimeOffset is stored as a sortable 64-bit number.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else if (Database.IsNpgsql())
        {
            PostgreSqlConventions.Apply(configurationBuilder);
        }
    }

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Agency>(agency =>
        {
            agency.Property(a => a.Name).HasMaxLength(200);
            agency.Property(a => a.TimeZoneId).HasMaxLength(100);
        });

        builder.Entity<ApplicationUser>(user =>
        {
            user.HasIndex(u => u.TenantId);
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
        });

        builder.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("AuditEntries");
            entry.Property(e => e.Action).HasMaxLength(64);
            entry.Property(e => e.Details).HasMaxLength(2000);
            entry.Property(e => e.ActorUserId).HasMaxLength(450);
            entry.Property(e => e.ActorName).HasMaxLength(320);
            entry.Property(e => e.IpAddress).HasMaxLength(64);
            entry.HasIndex(e => new { e.TenantId, e.OccurredAt });
            entry.HasIndex(e => new { e.TenantId, e.Action, e.OccurredAt });
        });

        builder.Entity<Invitation>(invitation =>
        {
            invitation.Property(i => i.Email).HasMaxLength(320);
            invitation.Property(i => i.Role).HasConversion<string>().HasMaxLength(20);
            invitation.Property(i => i.TokenHash).HasMaxLength(64);
            invitation.Property(i => i.InvitedBy).HasMaxLength(320);
            invitation.HasIndex(i => i.TokenHash).IsUnique();
            invitation.HasIndex(i => new { i.TenantId, i.CreatedAt });
        });

        builder.Entity<SendingMailbox>(mailbox =>
        {
            mailbox.Property(m => m.Address).HasMaxLength(320);
            mailbox.Property(m => m.SendingDomain).HasMaxLength(255);
            mailbox.HasIndex(m => new { m.TenantId, m.Address }).IsUnique();
            mailbox.Property(m => m.Client).HasMaxLength(200);
        });

        builder.Entity<Upload>(upload =>
        {
            upload.Property(u => u.FileName).HasMaxLength(255);
            upload.Property(u => u.ContentSha256).HasMaxLength(64);
            upload.HasIndex(u => new { u.TenantId, u.UploadedAt });

            // The unique index rejects a second upload of the same bytes even when two arrive at once.
            // Rows without a hash never collide, because SQLite and PostgreSQL treat NULLs as distinct.
            upload.HasIndex(u => new { u.TenantId, u.ContentSha256 }).IsUnique();
        });

        builder.Entity<StoredAttempt>(attempt =>
        {
            attempt.ToTable("Attempts");
            // One index only: every index slows the bulk insert, and attempts are read per upload.
            attempt.HasIndex(a => new { a.TenantId, a.UploadId });
        });

        builder.Entity<StoredRecipientOutcome>(outcome =>
        {
            outcome.ToTable("RecipientOutcomes");
            outcome.HasIndex(o => new { o.TenantId, o.UploadId });

            // Only suppressed pairs are looked up by recipient, so only they are indexed.
            outcome.HasIndex(o => new { o.TenantId, o.Recipient }).HasFilter(SuppressedFilter());

            // Only deferred messages can continue in a later log, and few outcomes are superseded.
            outcome.HasIndex(o => new { o.TenantId, o.QueueId }).HasFilter(OpenFilter());
            outcome.HasIndex(o => o.SupersededByUploadId).HasFilter(Quoted("SupersededByUploadId") + " IS NOT NULL");
        });

        builder.Entity<ImportedBounceEmail>(email =>
        {
            email.ToTable("ImportedBounceEmails");
            email.HasIndex(e => new { e.TenantId, e.MessageIdHash }).IsUnique();
            email.HasIndex(e => e.UploadId);
        });

        builder.Entity<BounceRollup>(rollup =>
        {
            rollup.ToTable("BounceRollups");
            rollup.Property(r => r.Key).HasMaxLength(320);
            rollup.HasIndex(r => new { r.TenantId, r.Kind, r.HourUtc });
            rollup.HasIndex(r => new { r.TenantId, r.UploadId });

            // Covers the per-slice sums of the dashboard and the mailbox page, so SQLite reads the
            // index alone, already in GROUP BY order, instead of looking up every rollup row. Rollups
            // are few (about 18 rows per 1,000 attempts in docs/benchmarks.md), so inserts barely slow.
            rollup.HasIndex(r => new { r.TenantId, r.Kind, r.Key, r.HourUtc, r.UploadId, r.Sent, r.SoftBounced, r.HardBounced })
                .HasDatabaseName("IX_BounceRollups_SliceTotals");
        });

        builder.Entity<StoredDiagnosis>(diagnosis =>
        {
            diagnosis.ToTable("Diagnoses");
            diagnosis.Property(d => d.Subject).HasMaxLength(320);
            diagnosis.HasIndex(d => new { d.TenantId, d.UploadId });
        });

        builder.Entity<CsvMappingPreset>(preset =>
        {
            preset.HasIndex(p => new { p.TenantId, p.HeaderSignature }).IsUnique();
        });

        ConfigureChecklists(builder);
        ConfigureNotifications(builder);
        ConfigureHealth(builder);
        ApplyTenantFilter(builder);
    }

    /// <summary>
    /// The filter of the suppressed-recipient index. PostgreSQL folds unquoted names to lower case,
    /// so the column is quoted there, and it stores booleans as <c>boolean</c> where SQLite has 0 or 1.
    /// </summary>
    private string SuppressedFilter() =>
        Database.IsNpgsql() ? "\"Suppress\" = TRUE" : "Suppress = 1";

    private string OpenFilter() =>
        $"{Quoted("FinalOutcome")} = {(int)DeliveryOutcome.Deferred} AND {Quoted("QueueId")} IS NOT NULL";

    private string Quoted(string column) => Database.IsNpgsql() ? $"\"{column}\"" : column;

    private static void ConfigureHealth(ModelBuilder builder)
    {
        builder.Entity<HealthAlert>(alert =>
        {
            alert.Property(a => a.MailboxAddress).HasMaxLength(320);
            alert.Property(a => a.Condition).HasMaxLength(100);
            alert.Property(a => a.Title).HasMaxLength(300);
            alert.Property(a => a.OpenKey).HasMaxLength(200);
            alert.Ignore(a => a.IsOpen);

            // SQLite lets many rows hold a NULL key, so only open alerts compete for uniqueness:
            // two checks running at once cannot both open an alert for the same condition.
            alert.HasIndex(a => new { a.TenantId, a.OpenKey }).IsUnique();
            alert.HasIndex(a => new { a.TenantId, a.MailboxId });
        });

        builder.Entity<StopTheBleedWorkflow>(workflow =>
        {
            workflow.Property(w => w.Reason).HasMaxLength(1000);
            workflow.Property(w => w.ResumeKey).HasMaxLength(64).IsConcurrencyToken();
            workflow.Property(w => w.ResumeJobId).HasMaxLength(100);
            workflow.Ignore(w => w.IsActive);
            workflow.HasIndex(w => new { w.TenantId, w.State });
            workflow.HasMany(w => w.Mailboxes).WithOne().HasForeignKey(m => m.WorkflowId);
            workflow.HasMany(w => w.Transitions).WithOne().HasForeignKey(t => t.WorkflowId);
        });

        builder.Entity<WorkflowMailbox>(member =>
        {
            member.Property(m => m.Address).HasMaxLength(320);
            member.HasIndex(m => new { m.TenantId, m.MailboxId });
        });

        builder.Entity<WorkflowTransition>(transition =>
        {
            transition.Property(t => t.Actor).HasMaxLength(256);
            transition.Property(t => t.Note).HasMaxLength(1000);
            transition.HasIndex(t => new { t.TenantId, t.WorkflowId });
        });

        builder.Entity<StoredRampPlan>(plan =>
        {
            plan.ToTable("RampPlans");
            plan.Property(p => p.CreatedBy).HasMaxLength(256);
            plan.HasIndex(p => new { p.TenantId, p.MailboxId });
        });
    }

    /// <inheritdoc />
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        GuardTenantWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    /// <inheritdoc />
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        GuardTenantWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private static void ConfigureChecklists(ModelBuilder builder)
    {
        builder.Entity<StoredChecklist>(checklist =>
        {
            checklist.ToTable("Checklists");
            checklist.Property(c => c.SubjectId).HasMaxLength(StoredChecklist.MaxSubjectIdLength);
            checklist.Property(c => c.Title).HasMaxLength(200);
            checklist.Property(c => c.AssigneeName).HasMaxLength(256);
            checklist.Property(c => c.Notes).HasMaxLength(StoredChecklist.MaxNotesLength);
            checklist.HasIndex(c => new { c.TenantId, c.SubjectKind, c.SubjectId }).IsUnique();
            checklist.HasIndex(c => new { c.TenantId, c.MailboxId });
            checklist.HasMany(c => c.Steps).WithOne().HasForeignKey(s => s.ChecklistId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<StoredChecklistStep>(step =>
        {
            step.ToTable("ChecklistSteps");
            step.Property(s => s.DoneByName).HasMaxLength(256);
            step.Property(s => s.Notes).HasMaxLength(StoredChecklist.MaxNotesLength);
            step.Ignore(s => s.IsDone);
            step.HasIndex(s => new { s.TenantId, s.ChecklistId });
        });
    }

    private static void ConfigureNotifications(ModelBuilder builder)
    {
        builder.Entity<NotificationSettings>(settings =>
        {
            settings.HasIndex(s => s.TenantId).IsUnique();
            settings.Property(s => s.SmtpHost).HasMaxLength(255);
            settings.Property(s => s.SmtpUserName).HasMaxLength(320);
            settings.Property(s => s.FromAddress).HasMaxLength(320);
            settings.Property(s => s.Recipients).HasMaxLength(4000);
            settings.Property(s => s.WebhookUrl).HasMaxLength(2000);
        });

        builder.Entity<StoredNotification>(notification =>
        {
            notification.ToTable("Notifications");
            notification.Property(n => n.Subject).HasMaxLength(StoredNotification.MaxSubjectLength);
            notification.Property(n => n.DeduplicationKey).HasMaxLength(StoredNotification.MaxDeduplicationKeyLength);
            notification.HasIndex(n => new { n.TenantId, n.DeduplicationKey }).IsUnique();
            notification.HasIndex(n => new { n.TenantId, n.CreatedAt });
            notification.HasMany(n => n.Deliveries).WithOne().HasForeignKey(d => d.NotificationId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<NotificationDelivery>(delivery =>
        {
            delivery.Property(d => d.LastError).HasMaxLength(NotificationDelivery.MaxErrorLength);
            delivery.HasIndex(d => new { d.TenantId, d.NotificationId, d.Channel }).IsUnique();
        });
    }

    private void ApplyTenantFilter(ModelBuilder builder)
    {
        var tenantOwnedTypes = builder.Model.GetEntityTypes()
            .Where(type => typeof(ITenantOwned).IsAssignableFrom(type.ClrType));

        foreach (var entityType in tenantOwnedTypes)
        {
            // Referencing this context instance makes EF Core read CurrentTenantId per query, not once per model.
            var row = Expression.Parameter(entityType.ClrType, "row");
            var rowTenant = Expression.Property(row, nameof(ITenantOwned.TenantId));
            var currentTenant = Expression.Property(Expression.Constant(this), nameof(CurrentTenantId));
            var filter = Expression.Lambda(Expression.Equal(rowTenant, currentTenant), row);

            builder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter, filter);

            // Every filtered query starts with TenantId; a composite index that leads with it serves too.
            if (!entityType.GetIndexes().Any(index => index.Properties[0].Name == nameof(ITenantOwned.TenantId)))
            {
                builder.Entity(entityType.ClrType).HasIndex(nameof(ITenantOwned.TenantId));
            }
        }
    }

    private void GuardTenantWrites()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (CurrentTenantId == Guid.Empty)
            {
                throw new TenantViolationException(
                    $"Cannot save {entry.Metadata.ClrType.Name}: this database context has no agency.");
            }

            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = CurrentTenantId;
            }

            var original = entry.State == EntityState.Added
                ? entry.Entity.TenantId
                : entry.Property(e => e.TenantId).OriginalValue;

            if (entry.Entity.TenantId != CurrentTenantId || original != CurrentTenantId)
            {
                throw new TenantViolationException(
                    $"Cannot save {entry.Metadata.ClrType.Name}: the row belongs to another agency.");
            }
        }
    }
}
