using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class BounceEmailRollupsRemoved : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Bounce emails report failures only, so they add no sends to the rates any more. The
            // rollups that earlier versions stored for them (DetectedFormat 6, InputFormat.BounceEmail)
            // counted every failed recipient as a send; their attempts and outcomes stay.
            migrationBuilder.Sql(
                """
                DELETE FROM "BounceRollups"
                WHERE "UploadId" IN (SELECT "Id" FROM "Uploads" WHERE "DetectedFormat" = 6);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The removed rollups are not restored: running such an upload again on the earlier
            // version stores them again.
        }
    }
}
