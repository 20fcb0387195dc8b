using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BouncePortal.Migrations.PostgreSql.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    UploadId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageIdHash = table.Column<long>(type: "bigint", nullable: false)
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
