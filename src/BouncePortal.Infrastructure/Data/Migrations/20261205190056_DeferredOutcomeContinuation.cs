using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class DeferredOutcomeContinuation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "MessagesContinued",
                table: "Uploads",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<Guid>(
                name: "SupersededByUploadId",
                table: "RecipientOutcomes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_RecipientOutcomes_SupersededByUploadId",
                table: "RecipientOutcomes",
                column: "SupersededByUploadId",
                filter: "SupersededByUploadId IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_RecipientOutcomes_TenantId_QueueId",
                table: "RecipientOutcomes",
                columns: new[] { "TenantId", "QueueId" },
                filter: "FinalOutcome = 1 AND QueueId IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RecipientOutcomes_SupersededByUploadId",
                table: "RecipientOutcomes");

            migrationBuilder.DropIndex(
                name: "IX_RecipientOutcomes_TenantId_QueueId",
                table: "RecipientOutcomes");

            migrationBuilder.DropColumn(
                name: "MessagesContinued",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "SupersededByUploadId",
                table: "RecipientOutcomes");
        }
    }
}
