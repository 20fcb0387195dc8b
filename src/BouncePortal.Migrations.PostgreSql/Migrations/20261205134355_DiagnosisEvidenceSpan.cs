using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class DiagnosisEvidenceSpan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstAttemptAt",
                table: "Diagnoses",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastAttemptAt",
                table: "Diagnoses",
                type: "timestamp with time zone",
                nullable: true);

            // Diagnoses stored earlier get the span from the first to the last attempt of their
            // upload's messages, because the span of each rule's own evidence was not kept. A
            // diagnosis whose upload has no outcomes stays null, which counts as inside every window.
            migrationBuilder.Sql(
                """
                UPDATE "Diagnoses"
                SET "FirstAttemptAt" = "Spans"."FirstAttemptAt", "LastAttemptAt" = "Spans"."LastAttemptAt"
                FROM (
                    SELECT "UploadId", MIN("FirstAttemptAt") AS "FirstAttemptAt", MAX("LastAttemptAt") AS "LastAttemptAt"
                    FROM "RecipientOutcomes"
                    WHERE "UploadId" IN (SELECT "UploadId" FROM "Diagnoses")
                    GROUP BY "UploadId"
                ) AS "Spans"
                WHERE "Spans"."UploadId" = "Diagnoses"."UploadId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstAttemptAt",
                table: "Diagnoses");

            migrationBuilder.DropColumn(
                name: "LastAttemptAt",
                table: "Diagnoses");
        }
    }
}
