using CivicHub.Core.Privacy.Audit;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AuditSealsApart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditTriggers.DropForSqlite);

            migrationBuilder.CreateTable(
                name: "AuditSeals",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    EntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditSeals", x => x.Sequence);
                });

            // The seals written into the entries so far move to their own table, unchanged: the chain verifies as before.
            migrationBuilder.Sql("""
                INSERT INTO "AuditSeals" ("Sequence", "EntryId", "PreviousHash", "Hash")
                SELECT "Sequence", "Id", "PreviousHash", "Hash" FROM "AuditEntries" WHERE "Sequence" IS NOT NULL
                """);

            migrationBuilder.CreateIndex(
                name: "IX_AuditSeals_EntryId",
                table: "AuditSeals",
                column: "EntryId",
                unique: true);

            // SQLite drops these columns in place; EF Core's DropColumn would rebuild the table after the migration's
            // last statement and so drop the triggers that statement creates.
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Sequence",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Unsealed",
                table: "AuditEntries");

            migrationBuilder.Sql("""ALTER TABLE "AuditEntries" DROP COLUMN "Hash";""");

            migrationBuilder.Sql("""ALTER TABLE "AuditEntries" DROP COLUMN "PreviousHash";""");

            migrationBuilder.Sql("""ALTER TABLE "AuditEntries" DROP COLUMN "Sequence";""");

            migrationBuilder.AddColumn<long>(
                name: "PendingThrough",
                table: "AuditSealLeases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingWriters",
                table: "AuditSealLeases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ScannedThrough",
                table: "AuditSealLeases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.UpdateData(
                table: "AuditSealLeases",
                keyColumn: "Id",
                keyValue: 1,
                columns: new[] { "PendingThrough", "PendingWriters", "ScannedThrough" },
                values: new object[] { null, null, 0L });

            migrationBuilder.Sql(AuditTriggers.AppendOnlyForSqlite);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditTriggers.DropAppendOnlyForSqlite);

            migrationBuilder.DropColumn(
                name: "PendingThrough",
                table: "AuditSealLeases");

            migrationBuilder.DropColumn(
                name: "PendingWriters",
                table: "AuditSealLeases");

            migrationBuilder.DropColumn(
                name: "ScannedThrough",
                table: "AuditSealLeases");

            migrationBuilder.AddColumn<string>(
                name: "Hash",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PreviousHash",
                table: "AuditEntries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "AuditEntries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Sequence",
                table: "AuditEntries",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Unsealed",
                table: "AuditEntries",
                column: "Id",
                filter: "\"Sequence\" IS NULL");

            migrationBuilder.Sql("""
                UPDATE "AuditEntries" SET ("Sequence", "PreviousHash", "Hash") =
                  (SELECT s."Sequence", s."PreviousHash", s."Hash" FROM "AuditSeals" AS s WHERE s."EntryId" = "AuditEntries"."Id")
                """);

            migrationBuilder.DropTable(
                name: "AuditSeals");

            migrationBuilder.Sql(AuditTriggers.CreateForSqlite);
        }
    }
}
