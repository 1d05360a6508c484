namespace CivicHub.Core.Privacy.Audit;

/// <summary>
/// The database's own refusal to rewrite history: no audit entry and no seal can be updated or deleted. The
/// migrations create these with raw SQL (EF Core's model does not describe triggers); whoever regenerates the
/// migrations that add the audit log and its seals must call <c>migrationBuilder.Sql</c> with them again.
/// </summary>
public static class AuditTriggers
{
    public const string AppendOnlyForPostgres = """
        CREATE FUNCTION audit_log_refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'rows of % cannot be changed or deleted', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "AuditEntries"
            FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_rewrite();
        CREATE TRIGGER audit_seals_append_only BEFORE UPDATE OR DELETE ON "AuditSeals"
            FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_rewrite();
        """;

    public const string DropAppendOnlyForPostgres = """
        DROP TRIGGER IF EXISTS audit_entries_append_only ON "AuditEntries";
        DROP TRIGGER IF EXISTS audit_seals_append_only ON "AuditSeals";
        DROP FUNCTION IF EXISTS audit_log_refuse_rewrite();
        """;

    public const string AppendOnlyForSqlite = """
        CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'audit entries cannot be changed'); END;
        CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'audit entries cannot be deleted'); END;
        CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON "AuditSeals"
        BEGIN SELECT RAISE(ABORT, 'audit seals cannot be changed'); END;
        CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON "AuditSeals"
        BEGIN SELECT RAISE(ABORT, 'audit seals cannot be deleted'); END;
        """;

    public const string DropAppendOnlyForSqlite = """
        DROP TRIGGER IF EXISTS audit_entries_no_update;
        DROP TRIGGER IF EXISTS audit_entries_no_delete;
        DROP TRIGGER IF EXISTS audit_seals_no_update;
        DROP TRIGGER IF EXISTS audit_seals_no_delete;
        """;

    // The four below as first created, while the seal was written into the entry itself and only a sealed entry was
    // refused an update: the migrations of that time create them, and the one that moves the seals out drops them.
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
