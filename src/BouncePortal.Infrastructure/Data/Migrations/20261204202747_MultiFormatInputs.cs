using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class MultiFormatInputs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Format",
                table: "Uploads");

            migrationBuilder.AddColumn<string>(
                name: "CsvMappingJson",
                table: "Uploads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DetectedFormat",
                table: "Uploads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "FormatConfidence",
                table: "Uploads",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormatReason",
                table: "Uploads",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RequestedFormat",
                table: "Uploads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Campaign",
                table: "RecipientOutcomes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FinalBlame",
                table: "RecipientOutcomes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "GreylistingResolved",
                table: "RecipientOutcomes",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "PersistentSoftBounce",
                table: "RecipientOutcomes",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "ResolvedDeferral",
                table: "RecipientOutcomes",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SendingIp",
                table: "RecipientOutcomes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SoftFailures",
                table: "RecipientOutcomes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Campaign",
                table: "Attempts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SendingIp",
                table: "Attempts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SourceVerdict",
                table: "Attempts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PersistentSoftMaxAttempts",
                table: "Agencies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "PersistentSoftMaxHours",
                table: "Agencies",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CsvMappingPresets",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HeaderSignature = table.Column<string>(type: "TEXT", nullable: false),
                    MappingJson = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CsvMappingPresets", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RecipientOutcomes_TenantId_Suppress_Recipient",
                table: "RecipientOutcomes",
                columns: new[] { "TenantId", "Suppress", "Recipient" });

            migrationBuilder.CreateIndex(
                name: "IX_CsvMappingPresets_TenantId",
                table: "CsvMappingPresets",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_CsvMappingPresets_TenantId_HeaderSignature",
                table: "CsvMappingPresets",
                columns: new[] { "TenantId", "HeaderSignature" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CsvMappingPresets");

            migrationBuilder.DropIndex(
                name: "IX_RecipientOutcomes_TenantId_Suppress_Recipient",
                table: "RecipientOutcomes");

            migrationBuilder.DropColumn(
                name: "CsvMappingJson",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "DetectedFormat",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "FormatConfidence",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "FormatReason",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "RequestedFormat",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "Campaign",
                table: "RecipientOutcomes");

            migrationBuilder.DropColumn(
                name: "FinalBlame",
                table: "RecipientOutcomes");

            migrationBuilder.DropColumn(
                name: "GreylistingResolved",
                table: "RecipientOutcomes");

            migrationBuilder.DropColumn(
                name: "PersistentSoftBounce",
                table: "RecipientOutcomes");

            migrationBuilder.DropColumn(
                name: "ResolvedDeferral",
                table: "RecipientOutcomes");

            migrationBuilder.DropColumn(
                name: "SendingIp",
                table: "RecipientOutcomes");

            migrationBuilder.DropColumn(
                name: "SoftFailures",
                table: "RecipientOutcomes");

            migrationBuilder.DropColumn(
                name: "Campaign",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "SendingIp",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "SourceVerdict",
                table: "Attempts");

            migrationBuilder.DropColumn(
                name: "PersistentSoftMaxAttempts",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "PersistentSoftMaxHours",
                table: "Agencies");

            migrationBuilder.AddColumn<string>(
                name: "Format",
                table: "Uploads",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}
