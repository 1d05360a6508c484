using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CivicHub.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IdentityResolution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CitizenImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Map = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Processed = table.Column<int>(type: "INTEGER", nullable: false),
                    Linked = table.Column<int>(type: "INTEGER", nullable: false),
                    Reviews = table.Column<int>(type: "INTEGER", nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    Skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Errors = table.Column<string>(type: "TEXT", nullable: false),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CitizenImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CitizenMatchKeys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CitizenId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CitizenMatchKeys", x => new { x.Key, x.CitizenId });
                    table.ForeignKey(
                        name: "FK_CitizenMatchKeys_Citizens_CitizenId",
                        column: x => x.CitizenId,
                        principalTable: "Citizens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CitizenMatchProfiles",
                columns: table => new
                {
                    CitizenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GivenKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FamilyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DateOfBirth = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    StreetNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Street = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Locality = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Postcode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    NationalId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CitizenMatchProfiles", x => x.CitizenId);
                    table.ForeignKey(
                        name: "FK_CitizenMatchProfiles_Citizens_CitizenId",
                        column: x => x.CitizenId,
                        principalTable: "Citizens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MatchReviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ImportId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LinkId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CitizenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CandidateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Candidates = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MatchReviews_Citizens_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Citizens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MatchReviews_Citizens_CitizenId",
                        column: x => x.CitizenId,
                        principalTable: "Citizens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MatchSuggestions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CitizenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CandidateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MatchSuggestions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MatchSuggestions_Citizens_CandidateId",
                        column: x => x.CandidateId,
                        principalTable: "Citizens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MatchSuggestions_Citizens_CitizenId",
                        column: x => x.CitizenId,
                        principalTable: "Citizens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SourceRecordLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ImportId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SourceRecordId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CitizenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RecordCitizenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MergeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SourceRecordLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SourceRecordLinks_CitizenImports_ImportId",
                        column: x => x.ImportId,
                        principalTable: "CitizenImports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_SourceRecordLinks_Citizens_RecordCitizenId",
                        column: x => x.RecordCitizenId,
                        principalTable: "Citizens",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CitizenImports_StartedAt",
                table: "CitizenImports",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CitizenMatchKeys_CitizenId",
                table: "CitizenMatchKeys",
                column: "CitizenId");

            migrationBuilder.CreateIndex(
                name: "IX_MatchReviews_CandidateId",
                table: "MatchReviews",
                column: "CandidateId");

            migrationBuilder.CreateIndex(
                name: "IX_MatchReviews_CitizenId",
                table: "MatchReviews",
                column: "CitizenId");

            migrationBuilder.CreateIndex(
                name: "IX_MatchReviews_ImportId",
                table: "MatchReviews",
                column: "ImportId");

            migrationBuilder.CreateIndex(
                name: "IX_MatchReviews_LinkId",
                table: "MatchReviews",
                column: "LinkId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MatchReviews_Status_CreatedAt",
                table: "MatchReviews",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MatchSuggestions_CandidateId",
                table: "MatchSuggestions",
                column: "CandidateId");

            migrationBuilder.CreateIndex(
                name: "IX_MatchSuggestions_CitizenId",
                table: "MatchSuggestions",
                column: "CitizenId");

            migrationBuilder.CreateIndex(
                name: "IX_SourceRecordLinks_CitizenId",
                table: "SourceRecordLinks",
                column: "CitizenId");

            migrationBuilder.CreateIndex(
                name: "IX_SourceRecordLinks_ImportId_Line",
                table: "SourceRecordLinks",
                columns: new[] { "ImportId", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_SourceRecordLinks_RecordCitizenId",
                table: "SourceRecordLinks",
                column: "RecordCitizenId");

            migrationBuilder.CreateIndex(
                name: "IX_SourceRecordLinks_Source_SourceRecordId",
                table: "SourceRecordLinks",
                columns: new[] { "Source", "SourceRecordId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CitizenMatchKeys");

            migrationBuilder.DropTable(
                name: "CitizenMatchProfiles");

            migrationBuilder.DropTable(
                name: "MatchReviews");

            migrationBuilder.DropTable(
                name: "MatchSuggestions");

            migrationBuilder.DropTable(
                name: "SourceRecordLinks");

            migrationBuilder.DropTable(
                name: "CitizenImports");
        }
    }
}
