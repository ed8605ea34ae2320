extension CoreSchema {
    /// Migration 16: 幂等键 — the answer to each write a signed-in user sent with an `Idempotency-Key`, kept 24 hours so
    /// that the same request sent again (a phone's retry on a weak signal) is answered from here instead of being
    /// done twice. One row per (user, key), written in the write's own transaction (see `IdempotentWrites` in the
    /// gateway): the row exists exactly when the write was committed.
    ///
    /// Row-level security: a user sees and writes only their own keys (`tonghu.user`, set by the gateway for the
    /// transaction); `core.sweep_idempotency_keys()` removes every user's expired rows.
    static let idempotencyKeys = Migration(
        16, "idempotency keys: each keyed write's answer kept 24 hours per user",
        """
        CREATE TABLE core.idempotency_keys (
            user_id uuid NOT NULL REFERENCES core.users (id) ON DELETE CASCADE,
            key text NOT NULL CHECK (length(key) BETWEEN 1 AND 255 AND key ~ '^[!-~]+$'),
            method text NOT NULL CHECK (method IN ('POST', 'PUT', 'PATCH', 'DELETE')),
            path text NOT NULL CHECK (path LIKE '/%'),
            body_digest bytea NOT NULL CHECK (length(body_digest) = 32),
            status smallint NOT NULL CHECK (status BETWEEN 200 AND 499),
            header_names text[] NOT NULL,
            header_values text[] NOT NULL CHECK (cardinality(header_values) = cardinality(header_names)),
            body bytea NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (user_id, key)
        );
        CREATE INDEX idempotency_keys_created ON core.idempotency_keys (created_at);
        ALTER TABLE core.idempotency_keys ENABLE ROW LEVEL SECURITY;
        CREATE POLICY idempotency_keys_own ON core.idempotency_keys
            USING (user_id = NULLIF(current_setting('tonghu.user', true), '')::uuid)
            WITH CHECK (user_id = NULLIF(current_setting('tonghu.user', true), '')::uuid);
        GRANT SELECT, INSERT, DELETE ON core.idempotency_keys TO tonghu_app;

        -- Expiry for every user at once (a user's own rows are all the application role may see).
        CREATE FUNCTION core.sweep_idempotency_keys() RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER
            SET search_path = pg_catalog AS
            $$ DELETE FROM core.idempotency_keys WHERE created_at < now() - interval '24 hours' $$;
        REVOKE ALL ON FUNCTION core.sweep_idempotency_keys() FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION core.sweep_idempotency_keys() TO tonghu_app;
        """)
}
