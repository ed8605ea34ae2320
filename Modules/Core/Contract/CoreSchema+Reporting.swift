extension CoreSchema {
    /// Migration 11: read-only reporting logins (报表只读账户) for a BI tool. A login is a member of `tonghu_reporting`,
    /// which may read the `reporting` schema's views and nothing else; each view keeps to the districts granted to the
    /// login in `core.reporting_logins` (by `session_user`, so no setting the login can change widens it). Programmes
    /// add their views to `reporting` (named `<schema>_…`); none carries an ID number, a name or a phone number.
    static let reportingLogins = Migration(
        11, "read-only reporting logins and the reporting schema",
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tonghu_reporting') THEN
                CREATE ROLE tonghu_reporting NOLOGIN NOSUPERUSER NOBYPASSRLS;
            END IF;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
        END $$;

        CREATE TABLE core.reporting_logins (
            login name PRIMARY KEY,
            districts int8multirange NOT NULL CHECK (NOT isempty(districts)),
            granted_by text NOT NULL,
            granted_at timestamptz NOT NULL DEFAULT now()
        );

        -- The districts the signed-in reporting login may see; empty for anyone else.
        CREATE FUNCTION core.reporting_scope() RETURNS int8multirange
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
            $$ SELECT COALESCE((SELECT districts FROM core.reporting_logins WHERE login = session_user), '{}'::int8multirange) $$;
        REVOKE ALL ON FUNCTION core.reporting_scope() FROM PUBLIC;

        -- Creates or updates a login (password as a SCRAM verifier, never in clear) and its districts; the role it
        -- creates is a member of tonghu_reporting only. Refuses a name that is already any other role.
        CREATE FUNCTION core.grant_reporting_login(login name, verifier text, districts int8multirange, actor text)
            RETURNS void LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login)
               AND NOT EXISTS (SELECT 1 FROM core.reporting_logins r WHERE r.login = grant_reporting_login.login) THEN
                RAISE EXCEPTION USING ERRCODE = 'unique_violation', MESSAGE = 'role exists and is not a reporting login',
                    CONSTRAINT = 'reporting_logins_pkey';
            END IF;
            IF EXISTS (SELECT 1 FROM core.reporting_logins r WHERE r.login = grant_reporting_login.login) THEN
                EXECUTE format('ALTER ROLE %I PASSWORD %L', login, verifier);
            ELSE
                EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS INHERIT CONNECTION LIMIT 10 PASSWORD %L IN ROLE tonghu_reporting', login, verifier);
            END IF;
            INSERT INTO core.reporting_logins AS r (login, districts, granted_by) VALUES (login, districts, actor)
                ON CONFLICT ON CONSTRAINT reporting_logins_pkey
                DO UPDATE SET districts = EXCLUDED.districts, granted_by = EXCLUDED.granted_by, granted_at = now();
        END $$;

        -- Drops a reporting login; false when there is none of that name.
        CREATE FUNCTION core.revoke_reporting_login(login name) RETURNS boolean
            LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
        BEGIN
            DELETE FROM core.reporting_logins r WHERE r.login = revoke_reporting_login.login;
            IF NOT FOUND THEN RETURN false; END IF;
            EXECUTE format('DROP ROLE IF EXISTS %I', login);
            RETURN true;
        END $$;
        REVOKE ALL ON FUNCTION core.grant_reporting_login(name, text, int8multirange, text) FROM PUBLIC;
        REVOKE ALL ON FUNCTION core.revoke_reporting_login(name) FROM PUBLIC;

        CREATE SCHEMA reporting;
        GRANT USAGE ON SCHEMA reporting TO tonghu_reporting;
        ALTER DEFAULT PRIVILEGES IN SCHEMA reporting GRANT SELECT ON TABLES TO tonghu_reporting;
        GRANT USAGE ON SCHEMA core TO tonghu_reporting;
        GRANT EXECUTE ON FUNCTION core.reporting_scope() TO tonghu_reporting;

        -- 行政区划 within the login's districts, with their names, for grouping and labels.
        CREATE VIEW reporting.districts WITH (security_barrier) AS
            SELECT code, name, level, parent, valid_from, valid_to FROM core.districts
            WHERE code <@ core.reporting_scope();
        GRANT SELECT ON reporting.districts TO tonghu_reporting;
        """)
}
