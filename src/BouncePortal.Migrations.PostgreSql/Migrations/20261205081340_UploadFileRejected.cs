using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BouncePortal.Migrations.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class UploadFileRejected : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "FileRejected",
                table: "Uploads",
                type: "boolean",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FileRejected",
                table: "Uploads");
        }
    }
}
