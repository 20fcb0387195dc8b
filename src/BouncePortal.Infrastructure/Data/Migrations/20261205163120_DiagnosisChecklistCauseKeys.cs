using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class DiagnosisChecklistCauseKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Diagnosis checklists were keyed by the id of one diagnosis row (SubjectKind 0), and
            // are now keyed by their cause: the kind's number, a colon and the subject, as
            // CauseChecklistKey builds it. When several checklists name one cause, the one the
            // dashboard showed keeps the work and takes the key: that of the diagnosis in the most
            // recent completed upload. The others, those whose row was already deleted, and those
            // whose key would exceed 200 bytes stay under the row id, which the portal still reads.
            migrationBuilder.Sql(
                """
                UPDATE "Checklists"
                SET "SubjectId" = "Causes"."CauseKey"
                FROM (
                    SELECT "c"."Id" AS "ChecklistId",
                           CAST("d"."Kind" AS TEXT) || ':' || "d"."Subject" AS "CauseKey",
                           ROW_NUMBER() OVER (
                               PARTITION BY "c"."TenantId", "d"."Kind", "d"."Subject"
                               ORDER BY CASE WHEN "u"."Status" = 2 THEN 0 ELSE 1 END, "u"."UploadedAt" DESC NULLS LAST, "d"."Id") AS "Rank"
                    FROM "Checklists" AS "c"
                    JOIN "Diagnoses" AS "d" ON CAST("d"."Id" AS TEXT) = "c"."SubjectId" AND "d"."TenantId" = "c"."TenantId"
                    LEFT JOIN "Uploads" AS "u" ON "u"."Id" = "d"."UploadId"
                    WHERE "c"."SubjectKind" = 0
                ) AS "Causes"
                WHERE "Causes"."ChecklistId" = "Checklists"."Id"
                  AND "Causes"."Rank" = 1
                  AND LENGTH(CAST("Causes"."CauseKey" AS BLOB)) <= 200;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Each checklist keyed by a cause goes back to the row id of that cause's diagnosis in
            // the most recent completed upload that no other checklist holds. Checklists of a cause
            // with no stored diagnosis keep the cause key.
            migrationBuilder.Sql(
                """
                UPDATE "Checklists"
                SET "SubjectId" = "Rows"."RowId"
                FROM (
                    SELECT "c"."Id" AS "ChecklistId",
                           CAST("d"."Id" AS TEXT) AS "RowId",
                           ROW_NUMBER() OVER (
                               PARTITION BY "c"."Id"
                               ORDER BY CASE WHEN "u"."Status" = 2 THEN 0 ELSE 1 END, "u"."UploadedAt" DESC NULLS LAST, "d"."Id") AS "Rank"
                    FROM "Checklists" AS "c"
                    JOIN "Diagnoses" AS "d" ON "d"."TenantId" = "c"."TenantId" AND CAST("d"."Kind" AS TEXT) || ':' || "d"."Subject" = "c"."SubjectId"
                    LEFT JOIN "Uploads" AS "u" ON "u"."Id" = "d"."UploadId"
                    WHERE "c"."SubjectKind" = 0
                      AND NOT EXISTS (
                          SELECT 1 FROM "Checklists" AS "taken"
                          WHERE "taken"."TenantId" = "c"."TenantId" AND "taken"."SubjectKind" = 0 AND "taken"."SubjectId" = CAST("d"."Id" AS TEXT))
                ) AS "Rows"
                WHERE "Rows"."ChecklistId" = "Checklists"."Id"
                  AND "Rows"."Rank" = 1;
                """);
        }
    }
}
