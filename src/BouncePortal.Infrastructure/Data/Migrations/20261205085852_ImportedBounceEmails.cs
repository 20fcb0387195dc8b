using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class ImportedBounceEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ImportedBounceEmails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageIdHash = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImportedBounceEmails", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ImportedBounceEmails_TenantId_MessageIdHash",
                table: "ImportedBounceEmails",
                columns: new[] { "TenantId", "MessageIdHash" });

            migrationBuilder.CreateIndex(
                name: "IX_ImportedBounceEmails_UploadId",
                table: "ImportedBounceEmails",
                column: "UploadId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ImportedBounceEmails");
        }
    }
}
