using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeanerIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Uploads_TenantId",
                table: "Uploads");

            migrationBuilder.DropIndex(
                name: "IX_SendingMailboxes_TenantId",
                table: "SendingMailboxes");

            migrationBuilder.DropIndex(
                name: "IX_RecipientOutcomes_TenantId",
                table: "RecipientOutcomes");

            migrationBuilder.DropIndex(
                name: "IX_RecipientOutcomes_TenantId_Sender",
                table: "RecipientOutcomes");

            migrationBuilder.DropIndex(
                name: "IX_RecipientOutcomes_TenantId_Suppress_Recipient",
                table: "RecipientOutcomes");

            migrationBuilder.DropIndex(
                name: "IX_CsvMappingPresets_TenantId",
                table: "CsvMappingPresets");

            migrationBuilder.DropIndex(
                name: "IX_BounceRollups_TenantId",
                table: "BounceRollups");

            migrationBuilder.DropIndex(
                name: "IX_Attempts_TenantId",
                table: "Attempts");

            migrationBuilder.DropIndex(
                name: "IX_Attempts_TenantId_AttemptedAt",
                table: "Attempts");

            migrationBuilder.CreateIndex(
                name: "IX_RecipientOutcomes_TenantId_Recipient",
                table: "RecipientOutcomes",
                columns: new[] { "TenantId", "Recipient" },
                filter: "Suppress = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RecipientOutcomes_TenantId_Recipient",
                table: "RecipientOutcomes");

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_TenantId",
                table: "Uploads",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_SendingMailboxes_TenantId",
                table: "SendingMailboxes",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_RecipientOutcomes_TenantId",
                table: "RecipientOutcomes",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_RecipientOutcomes_TenantId_Sender",
                table: "RecipientOutcomes",
                columns: new[] { "TenantId", "Sender" });

            migrationBuilder.CreateIndex(
                name: "IX_RecipientOutcomes_TenantId_Suppress_Recipient",
                table: "RecipientOutcomes",
                columns: new[] { "TenantId", "Suppress", "Recipient" });

            migrationBuilder.CreateIndex(
                name: "IX_CsvMappingPresets_TenantId",
                table: "CsvMappingPresets",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_BounceRollups_TenantId",
                table: "BounceRollups",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_TenantId",
                table: "Attempts",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_Attempts_TenantId_AttemptedAt",
                table: "Attempts",
                columns: new[] { "TenantId", "AttemptedAt" });
        }
    }
}
