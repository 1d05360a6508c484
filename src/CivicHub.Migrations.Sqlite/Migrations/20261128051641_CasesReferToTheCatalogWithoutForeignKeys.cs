using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CasesReferToTheCatalogWithoutForeignKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Nothing on SQLite, whose cases keep the catalog's foreign keys (decision 0023); the migration keeps both
            // providers' histories alike.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
