using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicHub.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class EventsAwaitingFanOutIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Events_AwaitingFanOut",
                table: "Events",
                column: "Id",
                filter: "\"FannedOutAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_AwaitingFanOut",
                table: "Events");
        }
    }
}
