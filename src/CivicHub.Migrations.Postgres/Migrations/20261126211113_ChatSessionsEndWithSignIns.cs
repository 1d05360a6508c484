using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicHub.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ChatSessionsEndWithSignIns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EndedAt",
                table: "ChatSessions",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndedAt",
                table: "ChatSessions");
        }
    }
}
