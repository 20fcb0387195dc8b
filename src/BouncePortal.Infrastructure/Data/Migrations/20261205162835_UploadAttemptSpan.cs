using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class UploadAttemptSpan : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstAttemptAt",
                table: "Uploads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastAttemptAt",
                table: "Uploads",
                type: "TEXT",
                nullable: true);

            // Uploads stored earlier get the span from their recipient outcomes, which hold the first
            // and last attempt of each message with a recipient, as the job records it now.
            migrationBuilder.Sql(
                """
                UPDATE "Uploads"
                SET "FirstAttemptAt" = "Spans"."FirstAttemptAt", "LastAttemptAt" = "Spans"."LastAttemptAt"
                FROM (
                    SELECT "UploadId", MIN("FirstAttemptAt") AS "FirstAttemptAt", MAX("LastAttemptAt") AS "LastAttemptAt"
                    FROM "RecipientOutcomes"
                    GROUP BY "UploadId"
                ) AS "Spans"
                WHERE "Spans"."UploadId" = "Uploads"."Id";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstAttemptAt",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "LastAttemptAt",
                table: "Uploads");
        }
    }
}
