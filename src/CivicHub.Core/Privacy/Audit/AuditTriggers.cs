namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// The database's own refusal to rewrite history: a sealed audit entry cannot be updated, and no entry can be
/// deleted. The migrations create these with raw SQL (EF Core's model does not describe triggers); whoever
/// regenerates the migration that adds the audit log must call <c>migrationBuilder.Sql</c> with them again.
/// </summary>
public static class AuditTriggers
{
    public const string CreateForPostgres = """
        CREATE FUNCTION audit_entries_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                RAISE EXCEPTION 'audit entry % cannot be deleted', OLD."Id" USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF OLD."Hash" IS NOT NULL THEN
                RAISE EXCEPTION 'audit entry % is sealed and cannot be changed', OLD."Id" USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_rewrite();
        """;

    public const string DropForPostgres = """
        DROP TRIGGER IF EXISTS audit_entries_append_only ON "AuditEntries";
        DROP FUNCTION IF EXISTS audit_entries_refuse_rewrite();
        """;

    public const string CreateForSqlite = """
        CREATE TRIGGER audit_entries_sealed_update BEFORE UPDATE ON "AuditEntries" WHEN OLD."Hash" IS NOT NULL
        BEGIN SELECT RAISE(ABORT, 'audit entry is sealed and cannot be changed'); END;
        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;
        """;

    public const string DropForSqlite = """
        DROP TRIGGER IF EXISTS audit_entries_sealed_update;
        DROP TRIGGER IF EXISTS audit_entries_no_delete;
        """;
}
