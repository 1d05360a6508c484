using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicHub.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TranslationsAuditGroundsSensitiveFields : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Translations",
                table: "Services",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SensitiveAnswers",
                table: "Drafts",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Translations",
                table: "Departments",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PasswordResetExpiresAt",
                table: "CitizenAccounts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PasswordResetTokenHash",
                table: "CitizenAccounts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SessionStamp",
                table: "CitizenAccounts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SensitiveAnswers",
                table: "Cases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Sensitive",
                table: "CaseChanges",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "SensitiveText",
                table: "CaseChanges",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AgreementId",
                table: "AuditEntries",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CallerPurpose",
                table: "AuditEntries",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_CitizenAccounts_PasswordResetTokenHash",
                table: "CitizenAccounts",
                column: "PasswordResetTokenHash",
                unique: true,
                filter: "\"PasswordResetTokenHash\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CitizenAccounts_PasswordResetTokenHash",
                table: "CitizenAccounts");

            migrationBuilder.DropColumn(
                name: "Translations",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "SensitiveAnswers",
                table: "Drafts");

            migrationBuilder.DropColumn(
                name: "Translations",
                table: "Departments");

            migrationBuilder.DropColumn(
                name: "PasswordResetExpiresAt",
                table: "CitizenAccounts");

            migrationBuilder.DropColumn(
                name: "PasswordResetTokenHash",
                table: "CitizenAccounts");

            migrationBuilder.DropColumn(
                name: "SessionStamp",
                table: "CitizenAccounts");

            migrationBuilder.DropColumn(
                name: "SensitiveAnswers",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Sensitive",
                table: "CaseChanges");

            migrationBuilder.DropColumn(
                name: "SensitiveText",
                table: "CaseChanges");

            migrationBuilder.DropColumn(
                name: "AgreementId",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "CallerPurpose",
                table: "AuditEntries");
        }
    }
}
