using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CivicHub.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddOutreach : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Events_AwaitingFanOut",
                table: "Events");

            migrationBuilder.AddColumn<Guid>(
                name: "ClaimToken",
                table: "OutboundMessages",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "NotificationId",
                table: "OutboundMessages",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "TemplateData",
                table: "OutboundMessages",
                type: "character varying(20000)",
                maxLength: 20000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NotifiedAt",
                table: "Events",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "QuietHoursEnd",
                table: "Citizens",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "QuietHoursStart",
                table: "Citizens",
                type: "time without time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "Citizens",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MessageTemplates",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Variant = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Language = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Subject = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    HtmlBody = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageTemplates", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_ClaimToken",
                table: "OutboundMessages",
                column: "ClaimToken");

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_NotificationId_Channel",
                table: "OutboundMessages",
                columns: new[] { "NotificationId", "Channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Events_AwaitingNotification",
                table: "Events",
                column: "Id",
                filter: "\"NotifiedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_MessageTemplates_Kind_Variant_Language",
                table: "MessageTemplates",
                columns: new[] { "Kind", "Variant", "Language" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MessageTemplates");

            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_ClaimToken",
                table: "OutboundMessages");

            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_NotificationId_Channel",
                table: "OutboundMessages");

            migrationBuilder.DropIndex(
                name: "IX_Events_AwaitingNotification",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "ClaimToken",
                table: "OutboundMessages");

            migrationBuilder.DropColumn(
                name: "NotificationId",
                table: "OutboundMessages");

            migrationBuilder.DropColumn(
                name: "TemplateData",
                table: "OutboundMessages");

            migrationBuilder.DropColumn(
                name: "NotifiedAt",
                table: "Events");

            migrationBuilder.DropColumn(
                name: "QuietHoursEnd",
                table: "Citizens");

            migrationBuilder.DropColumn(
                name: "QuietHoursStart",
                table: "Citizens");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "Citizens");

            migrationBuilder.CreateIndex(
                name: "IX_Events_AwaitingFanOut",
                table: "Events",
                column: "Id",
                filter: "\"FannedOutAt\" IS NULL");
        }
    }
}
