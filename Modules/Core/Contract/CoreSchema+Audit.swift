extension CoreSchema {
    /// Migration 6: the audit trail (审计日志) read within the caller's scope, and written only through functions that
    /// take the actor and request id of the application role's rows from its transaction.
    ///
    /// Who sees a row (as `tonghu_app`; the schema owner, i.e. the CLI, sees all):
    /// - a row about a child: staff whose scope holds the district it concerned when written (the child's residence
    ///   then), or who see the child now (the children index's own policy: residence or household registration);
    /// - a row about no child (sign-ins, appointments, exports): a caller whose scope is the whole district tree, the
    ///   actor themselves, and staff whose scope holds one of the actor's grants (a township's auditor sees its own
    ///   staff sign in). Actors who are not users (`system`, `cli:…`, an unknown name at a refused sign-in) are seen
    ///   only from the whole tree.
    ///
    /// Rows written before this migration have no district and are seen through their child or actor.
    static let auditScopedAndAttributed = Migration(
        6, "audit rows read within scope, written only through functions",
        """
        -- The district a row concerns, filled at write time from its child's residence. Audit rows are never updated:
        -- a later merge or move re-homes the child, not what was recorded about it.
        ALTER TABLE core.audit ADD COLUMN district bigint;
        CREATE INDEX audit_district ON core.audit (district, at) WHERE district IS NOT NULL;

        -- Whether the caller's scope holds every root of the district tree.
        CREATE FUNCTION core.scope_is_whole_tree() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
            SELECT NOT isempty(core.scope()) AND NOT EXISTS (
                SELECT 1 FROM core.districts d WHERE d.parent IS NULL AND d.valid_to IS NULL AND NOT d.code <@ core.scope())
        $$;

        ALTER TABLE core.audit ENABLE ROW LEVEL SECURITY;
        CREATE POLICY audit_in_scope ON core.audit FOR SELECT USING (
            district <@ (SELECT core.scope())
            OR (child_id IS NOT NULL AND EXISTS (SELECT 1 FROM core.children c WHERE c.id = audit.child_id))
            OR (district IS NULL AND child_id IS NULL AND (
                (SELECT core.scope_is_whole_tree())
                OR actor = (SELECT current_setting('tonghu.actor', true))
                OR EXISTS (SELECT 1 FROM core.users u JOIN core.grants g ON g.user_id = u.id
                           WHERE u.username = audit.actor AND g.district <@ (SELECT core.scope())))));

        -- Writes. The application role may no longer insert; the functions below run as the owner.
        REVOKE INSERT ON core.audit FROM tonghu_app;
        REVOKE USAGE ON SEQUENCE core.audit_id_seq FROM tonghu_app;

        -- Appends AuditEntry values (a JSON array) with the district each concerns; `stamped` replaces their times.
        CREATE FUNCTION core.append_audit(entries jsonb, stamped timestamptz) RETURNS void
            LANGUAGE sql VOLATILE SET search_path = pg_catalog AS $$
            INSERT INTO core.audit (at, actor, action, programme, entity, entity_id, child_id, outcome, request_id, client_address, district)
            SELECT COALESCE(stamped, to_timestamp(e.at)), e.actor, e.action, e.programme, e.entity, e."entityID", e."childID", e.outcome,
                   e."requestID", e."clientAddress", (SELECT c.residence_district FROM core.children c WHERE c.id = e."childID")
            FROM jsonb_to_recordset(entries) AS e(at float8, actor text, action text, programme text, entity text, "entityID" text,
                                                 "childID" uuid, outcome text, "requestID" text, "clientAddress" text)
        $$;
        REVOKE ALL ON FUNCTION core.append_audit(jsonb, timestamptz) FROM PUBLIC;

        -- The one way a transaction records what it did. Signed in as anything but the owner, every entry must name the
        -- transaction's actor and request (`tonghu.actor`, `tonghu.request`: the gateway sets them from the
        -- authenticated caller) and is stamped with the transaction's time; the owner's entries are kept as given.
        CREATE FUNCTION core.record_audit(entries jsonb) RETURNS void
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
        DECLARE
            by_owner boolean := pg_has_role(session_user, (SELECT r.relowner FROM pg_class r WHERE r.oid = 'core.audit'::regclass), 'USAGE');
            caller text := NULLIF(current_setting('tonghu.actor', true), '');
            request text := NULLIF(current_setting('tonghu.request', true), '');
        BEGIN
            IF by_owner THEN
                PERFORM core.append_audit(entries, NULL);
                RETURN;
            END IF;
            IF caller IS NULL OR EXISTS (SELECT 1 FROM jsonb_to_recordset(entries) AS e(actor text, "requestID" text)
                                         WHERE e.actor IS DISTINCT FROM caller OR e."requestID" IS DISTINCT FROM request) THEN
                RAISE EXCEPTION '审计记录只能记在本事务的操作人和请求名下 (an audit row must name the transaction''s own actor and request)'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            PERFORM core.append_audit(entries, now());
        END $$;
        REVOKE ALL ON FUNCTION core.record_audit(jsonb) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION core.record_audit(jsonb) TO tonghu_app;

        -- The read buffer's flush (AuditReadBuffer): entries of many requests, written after their transactions ended, so
        -- their actors are taken as given. Only the gateway's buffer calls it; the database cannot tell that call from
        -- other SQL run as tonghu_app (see AuditLog).
        CREATE FUNCTION core.record_buffered_audit(entries jsonb) RETURNS void
            LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
            SELECT core.append_audit(entries, NULL)
        $$;
        REVOKE ALL ON FUNCTION core.record_buffered_audit(jsonb) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION core.record_buffered_audit(jsonb) TO tonghu_app;
        """)
}
