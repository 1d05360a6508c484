using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OptionalKeyIndexesWithoutNulls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Interactions_ChannelIdentityId_Channel_OccurredAt",
                table: "Interactions");

            migrationBuilder.DropIndex(
                name: "IX_Interactions_DraftId",
                table: "Interactions");

            migrationBuilder.DropIndex(
                name: "IX_Cases_AssigneeId_Status",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_ChannelIdentityId_Channel_OccurredAt",
                table: "Interactions",
                columns: new[] { "ChannelIdentityId", "Channel", "OccurredAt" },
                filter: "\"ChannelIdentityId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_DraftId",
                table: "Interactions",
                column: "DraftId",
                filter: "\"DraftId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_AssigneeId_Status",
                table: "Cases",
                columns: new[] { "AssigneeId", "Status" },
                filter: "\"AssigneeId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Interactions_ChannelIdentityId_Channel_OccurredAt",
                table: "Interactions");

            migrationBuilder.DropIndex(
                name: "IX_Interactions_DraftId",
                table: "Interactions");

            migrationBuilder.DropIndex(
                name: "IX_Cases_AssigneeId_Status",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_ChannelIdentityId_Channel_OccurredAt",
                table: "Interactions",
                columns: new[] { "ChannelIdentityId", "Channel", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Interactions_DraftId",
                table: "Interactions",
                column: "DraftId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_AssigneeId_Status",
                table: "Cases",
                columns: new[] { "AssigneeId", "Status" });
        }
    }
}
