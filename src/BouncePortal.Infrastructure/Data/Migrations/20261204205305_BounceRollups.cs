using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class BounceRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BounceRollups",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UploadId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HourUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Sent = table.Column<long>(type: "INTEGER", nullable: false),
                    SoftBounced = table.Column<long>(type: "INTEGER", nullable: false),
                    HardBounced = table.Column<long>(type: "INTEGER", nullable: false),
                    UnresolvedSoft = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BounceRollups", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BounceRollups_TenantId",
                table: "BounceRollups",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_BounceRollups_TenantId_Kind_HourUtc",
                table: "BounceRollups",
                columns: new[] { "TenantId", "Kind", "HourUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_BounceRollups_TenantId_UploadId",
                table: "BounceRollups",
                columns: new[] { "TenantId", "UploadId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BounceRollups");
        }
    }
}
