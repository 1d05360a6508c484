using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicHub.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class EventsFannedOutBelowAMark : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WebhookFanOutLeases",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Holder = table.Column<Guid>(type: "uuid", nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ScannedThrough = table.Column<long>(type: "bigint", nullable: false),
                    PendingThrough = table.Column<long>(type: "bigint", nullable: true),
                    PendingWriters = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WebhookFanOutLeases", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "WebhookFanOutLeases",
                columns: new[] { "Id", "Holder", "LeaseUntil", "PendingThrough", "PendingWriters", "ScannedThrough" },
                values: new object[] { 1, null, null, null, null, 0L });

            // The mark starts below the oldest event not yet fanned out; events above it that were fanned out already
            // are read again, and the fan-out makes no delivery twice.
            migrationBuilder.Sql(
                """
                UPDATE "WebhookFanOutLeases"
                   SET "ScannedThrough" = COALESCE((SELECT min("Id") - 1 FROM "Events" WHERE "FannedOutAt" IS NULL), (SELECT max("Id") FROM "Events"), 0)
                """);

            migrationBuilder.DropIndex(
                name: "IX_Events_AwaitingFanOut",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "FannedOutAt",
                table: "Events");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FannedOutAt",
                table: "Events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.Sql(
                """
                UPDATE "Events" SET "FannedOutAt" = CURRENT_TIMESTAMP
                 WHERE "Id" <= (SELECT "ScannedThrough" FROM "WebhookFanOutLeases")
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Events_AwaitingFanOut",
                table: "Events",
                column: "Id",
                filter: "\"FannedOutAt\" IS NULL");

            migrationBuilder.DropTable(
                name: "WebhookFanOutLeases");
        }
    }
}
