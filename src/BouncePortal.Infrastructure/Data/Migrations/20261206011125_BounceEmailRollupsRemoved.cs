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
            // Bounce emails (DetectedFormat 6) and ESP exports without a delivered outcome
            // (SendGrid 8, Mailgun 9, Amazon SES 10, Postmark 11; FinalOutcome 0 is Delivered) report
            // failures only, so they add no sends to the rates any more. The rollups that earlier
            // versions stored for them counted every failed recipient as a send; their attempts and
            // outcomes stay.
            migrationBuilder.Sql(
                """
                DELETE FROM "BounceRollups"
                WHERE "UploadId" IN (
                    SELECT "u"."Id" FROM "Uploads" AS "u"
                    WHERE "u"."DetectedFormat" = 6
                       OR ("u"."DetectedFormat" IN (8, 9, 10, 11)
                           AND NOT EXISTS (
                               SELECT 1 FROM "RecipientOutcomes" AS "o"
                               WHERE "o"."UploadId" = "u"."Id" AND "o"."FinalOutcome" = 0)));
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
