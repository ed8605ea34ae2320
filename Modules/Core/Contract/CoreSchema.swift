/// The core's own migrations: the `core` schema shared by every programme (districts, children master index,
/// identity, audit, events, policy settings) and the application role `tonghu_app` the gateway acts as.
///
/// `tonghu_app` owns nothing and has no BYPASSRLS: row-level security applies to it on every child table. Its
/// district scope is `core.scope()`, read from `tonghu.scope`, which each transaction sets with
/// `set_config(…, true)`. Policies compare a bigint district code with an `int8multirange` — a range test that
/// keeps the district indexes usable (a prefix `LIKE` would not).
public enum CoreSchema {
    public static let migrations = MigrationSet(
        owner: "core",
        migrations: [
            Migration(
                1, "core schema",
                """
                -- Roles belong to the cluster, not the database: another database's migration may create it at the same time.
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tonghu_app') THEN
                        CREATE ROLE tonghu_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
                    END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END $$;
                GRANT USAGE ON SCHEMA core TO tonghu_app;

                CREATE FUNCTION core.scope() RETURNS int8multirange LANGUAGE sql STABLE PARALLEL SAFE AS
                    $$ SELECT COALESCE(NULLIF(current_setting('tonghu.scope', true), ''), '{}')::int8multirange $$;

                -- 行政区划: the 12-digit statistical code tree, versioned by validity dates.
                CREATE TABLE core.districts (
                    code bigint PRIMARY KEY CHECK (code BETWEEN 10000000000 AND 999999999999),
                    name text NOT NULL CHECK (name <> ''),
                    level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
                    parent bigint REFERENCES core.districts (code),
                    valid_from date NOT NULL DEFAULT current_date,
                    valid_to date,
                    successor bigint REFERENCES core.districts (code)
                );
                CREATE INDEX districts_parent ON core.districts (parent) WHERE valid_to IS NULL;
                CREATE TABLE core.district_changes (
                    id bigserial PRIMARY KEY,
                    change text NOT NULL CHECK (change IN ('created', 'renamed', 'merged', 'moved')),
                    code bigint NOT NULL,
                    new_code bigint,
                    old_name text,
                    new_name text,
                    effective date NOT NULL,
                    recorded_at timestamptz NOT NULL DEFAULT now()
                );
                GRANT SELECT ON core.districts, core.district_changes TO tonghu_app;

                -- 儿童基础信息: one row per child; the ID number only encrypted, plus its blind index and masked form.
                CREATE TABLE core.children (
                    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                    id_number_cipher bytea NOT NULL,
                    id_number_key text NOT NULL,
                    id_number_index bytea NOT NULL UNIQUE,
                    id_number_masked text NOT NULL,
                    name text NOT NULL,
                    sex char(1) NOT NULL CHECK (sex IN ('M', 'F')),
                    birth_date date NOT NULL,
                    residence_district bigint NOT NULL REFERENCES core.districts (code),
                    hukou_district bigint NOT NULL REFERENCES core.districts (code),
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX children_residence ON core.children (residence_district);
                CREATE INDEX children_hukou ON core.children (hukou_district);
                ALTER TABLE core.children ENABLE ROW LEVEL SECURITY;
                CREATE POLICY children_in_scope ON core.children
                    USING (residence_district <@ core.scope() OR hukou_district <@ core.scope())
                    WITH CHECK (residence_district <@ core.scope() OR hukou_district <@ core.scope());
                GRANT SELECT, INSERT, UPDATE ON core.children TO tonghu_app;
                -- A duplicate ID number must point at the existing child even outside the caller's scope (409).
                CREATE FUNCTION core.children_by_index(indexes bytea[]) RETURNS TABLE (id uuid, index bytea)
                    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog AS
                    $$ SELECT c.id, c.id_number_index FROM core.children c WHERE c.id_number_index = ANY(indexes) $$;
                REVOKE ALL ON FUNCTION core.children_by_index(bytea[]) FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION core.children_by_index(bytea[]) TO tonghu_app;

                -- Identity and access.
                CREATE TABLE core.users (
                    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                    username text NOT NULL UNIQUE,
                    display_name text NOT NULL,
                    password_hash text NOT NULL,
                    disabled boolean NOT NULL DEFAULT false,
                    failed_logins integer NOT NULL DEFAULT 0,
                    locked_until timestamptz,
                    created_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE TABLE core.grants (
                    id bigserial PRIMARY KEY,
                    user_id uuid NOT NULL REFERENCES core.users (id) ON DELETE CASCADE,
                    role text NOT NULL,
                    district bigint NOT NULL REFERENCES core.districts (code),
                    granted_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX grants_user ON core.grants (user_id);
                CREATE TABLE core.sessions (
                    token_hash bytea PRIMARY KEY,
                    user_id uuid NOT NULL REFERENCES core.users (id) ON DELETE CASCADE,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    last_seen_at timestamptz NOT NULL DEFAULT now(),
                    expires_at timestamptz NOT NULL,
                    revoked_at timestamptz
                );
                GRANT SELECT ON core.users, core.grants TO tonghu_app;
                GRANT UPDATE (failed_logins, locked_until) ON core.users TO tonghu_app;
                GRANT SELECT, INSERT, UPDATE ON core.sessions TO tonghu_app;

                -- 审计: append-only. The application role may insert and read; nobody may update, and rows younger
                -- than 183 days (网络安全法 第21条) cannot be deleted, not even by the owner.
                CREATE TABLE core.audit (
                    id bigserial PRIMARY KEY,
                    at timestamptz NOT NULL DEFAULT now(),
                    actor text NOT NULL,
                    action text NOT NULL,
                    programme text NOT NULL,
                    entity text,
                    entity_id text,
                    child_id uuid,
                    outcome text NOT NULL,
                    request_id text,
                    client_address text
                );
                CREATE INDEX audit_at ON core.audit (at);
                CREATE INDEX audit_child ON core.audit (child_id, at) WHERE child_id IS NOT NULL;
                CREATE INDEX audit_actor ON core.audit (actor, at);
                CREATE FUNCTION core.audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        IF OLD.at < now() - interval '183 days' THEN
                            RETURN OLD;
                        END IF;
                    END IF;
                    RAISE EXCEPTION '审计记录只能追加 (audit rows are append-only; % refused)', TG_OP;
                END $$;
                CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON core.audit FOR EACH ROW EXECUTE FUNCTION core.audit_guard();
                CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON core.audit FOR EACH STATEMENT EXECUTE FUNCTION core.audit_guard();
                GRANT SELECT, INSERT ON core.audit TO tonghu_app;
                GRANT USAGE ON SEQUENCE core.audit_id_seq TO tonghu_app;

                -- 事务性发件箱: events published with the change that caused them.
                CREATE TABLE core.events (
                    id bigserial PRIMARY KEY,
                    topic text NOT NULL,
                    payload jsonb NOT NULL,
                    child_id uuid,
                    district bigint,
                    published_at timestamptz NOT NULL DEFAULT now()
                );
                CREATE INDEX events_topic ON core.events (topic, id);
                ALTER TABLE core.events ENABLE ROW LEVEL SECURITY;
                CREATE POLICY events_in_scope ON core.events
                    USING (district IS NULL OR district <@ core.scope())
                    WITH CHECK (district IS NULL OR district <@ core.scope());
                CREATE TABLE core.event_subscriptions (
                    subscriber text NOT NULL,
                    topic text NOT NULL,
                    position bigint NOT NULL DEFAULT 0,
                    attempts integer NOT NULL DEFAULT 0,
                    next_attempt_at timestamptz NOT NULL DEFAULT now(),
                    last_error text,
                    PRIMARY KEY (subscriber, topic)
                );
                CREATE TABLE core.event_dead_letters (
                    id bigserial PRIMARY KEY,
                    subscriber text NOT NULL,
                    topic text NOT NULL,
                    event_id bigint NOT NULL REFERENCES core.events (id),
                    attempts integer NOT NULL,
                    error text NOT NULL,
                    failed_at timestamptz NOT NULL DEFAULT now()
                );
                GRANT SELECT, INSERT ON core.events TO tonghu_app;
                GRANT USAGE ON SEQUENCE core.events_id_seq, core.event_dead_letters_id_seq TO tonghu_app;
                GRANT SELECT, INSERT, UPDATE ON core.event_subscriptions TO tonghu_app;
                GRANT SELECT, INSERT ON core.event_dead_letters TO tonghu_app;

                -- 政策参数: versioned, district-scoped settings; a NULL district is the national default.
                CREATE TABLE core.policy_settings (
                    id bigserial PRIMARY KEY,
                    key text NOT NULL,
                    district bigint REFERENCES core.districts (code),
                    effective_from date NOT NULL,
                    value jsonb NOT NULL,
                    source text NOT NULL,
                    recorded_at timestamptz NOT NULL DEFAULT now(),
                    UNIQUE NULLS NOT DISTINCT (key, district, effective_from)
                );
                GRANT SELECT ON core.policy_settings TO tonghu_app;
                GRANT SELECT ON core.schema_migrations TO tonghu_app;
                """),
            Migration(
                2, "one-statement scoped read of a child",
                """
                -- The hot path (opening a child's master record) in one round trip: the scope is set with
                -- set_config(…, true), local to the statement's own transaction, and the row is read under row-level
                -- security as the calling role (SECURITY INVOKER).
                CREATE FUNCTION core.read_child(scope text, actor text, child uuid)
                    RETURNS TABLE (id uuid, id_number_cipher bytea, id_number_key text, id_number_masked text, name text, sex text,
                                   birth_date text, residence_district bigint, hukou_district bigint)
                    LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
                BEGIN
                    PERFORM set_config('tonghu.scope', scope, true), set_config('tonghu.actor', actor, true);
                    RETURN QUERY SELECT c.id, c.id_number_cipher, c.id_number_key, c.id_number_masked, c.name, c.sex::text,
                                        c.birth_date::text, c.residence_district, c.hukou_district
                                 FROM core.children c WHERE c.id = child;
                END $$;
                REVOKE ALL ON FUNCTION core.read_child(text, text, uuid) FROM PUBLIC;
                GRANT EXECUTE ON FUNCTION core.read_child(text, text, uuid) TO tonghu_app;
                """),
            Migration(
                3, "time-ordered child ids",
                """
                -- A child's id is a UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then random bits. Files, visits,
                -- categories and statuses are keyed by it, so children registered together sit together in every index
                -- instead of on random pages: a bulk import appends to its indexes rather than rewriting pages all over them.
                CREATE FUNCTION core.uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
                    SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
                        PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
                $$;
                ALTER TABLE core.children ALTER COLUMN id SET DEFAULT core.uuid_v7();
                """),
            Migration(
                4, "children and events: scope read once per statement",
                """
                -- `(SELECT core.scope())` is an init plan: the setting is read and parsed once per statement, not once per row
                -- (a roster of 200 children joined to the index parsed it 400 times).
                ALTER POLICY children_in_scope ON core.children
                    USING (residence_district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()))
                    WITH CHECK (residence_district <@ (SELECT core.scope()) OR hukou_district <@ (SELECT core.scope()));
                ALTER POLICY events_in_scope ON core.events
                    USING (district IS NULL OR district <@ (SELECT core.scope()))
                    WITH CHECK (district IS NULL OR district <@ (SELECT core.scope()));
                """),
            Migration(
                5, "events about a child the caller may see",
                """
                -- An event is filed under the child's residence. Staff of the household-registration district see the child
                -- (the children index's policy) and may open or update its file, so they may publish an event about that
                -- child even though the residence lies outside their scope; before, their write failed on this check.
                ALTER POLICY events_in_scope ON core.events
                    WITH CHECK (district IS NULL OR district <@ (SELECT core.scope())
                                OR EXISTS (SELECT 1 FROM core.children c WHERE c.id = events.child_id));
                """),
            auditScopedAndAttributed,
            loginThrottle,
            childHolders,
            secondFactor,
            childStatuses,
            reportingLogins,
            workingDayCalendar,
            notifications,
            schedules,
            scheduleIndexes,
            userAdministration,
            idempotencyKeys,
            scheduleDistricts
        ])
}
