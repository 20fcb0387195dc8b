using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class UniqueImportedBounceEmails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ImportedBounceEmails_TenantId_MessageIdHash",
                table: "ImportedBounceEmails");

            // Uploads that ran at the same moment may have recorded one email twice. The earliest
            // row stays, and the uploads keep the attempts they stored.
            migrationBuilder.Sql(
                """
                DELETE FROM "ImportedBounceEmails"
                WHERE "Id" NOT IN (SELECT MIN("Id") FROM "ImportedBounceEmails" GROUP BY "TenantId", "MessageIdHash");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ImportedBounceEmails_TenantId_MessageIdHash",
                table: "ImportedBounceEmails",
                columns: new[] { "TenantId", "MessageIdHash" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ImportedBounceEmails_TenantId_MessageIdHash",
                table: "ImportedBounceEmails");

            migrationBuilder.CreateIndex(
                name: "IX_ImportedBounceEmails_TenantId_MessageIdHash",
                table: "ImportedBounceEmails",
                columns: new[] { "TenantId", "MessageIdHash" });
        }
    }
}
