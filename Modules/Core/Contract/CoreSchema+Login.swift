extension CoreSchema {
    /// Migration 7: failed sign-ins slow down the client that makes them instead of locking the account (登录限速,
    /// ASVS 2.2.1; `LoginThrottle` in Access reads and writes the table).
    ///
    /// `core.users.failed_logins` and `locked_until` stay, cleared and unused, so that a gateway of the previous version
    /// sharing the database can still read them while it is being replaced; the application role may no longer write
    /// them (that gateway's wrong-password answers fail until it is): upgrade a database's gateways together.
    static let loginThrottle = Migration(
        7, "sign-in throttled per username and client, no account lock-out",
        """
        -- A client is its IPv4 address or its IPv6 /64 (one subscriber's block); an IPv4-mapped IPv6 address is that IPv4
        -- address. Requests without an address (a Unix socket) count as one client, 0.0.0.0.
        CREATE FUNCTION core.login_client(address text) RETURNS cidr LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT CASE WHEN family(a) = 4 THEN set_masklen(a, 32)
                        WHEN a <<= '::ffff:0.0.0.0/96'::inet THEN set_masklen(a, 128)
                        ELSE set_masklen(a, 64) END::cidr
            FROM (SELECT COALESCE(address::inet, '0.0.0.0'::inet) AS a) client
        $$;

        -- Attempts per (client, username) within the failure memory; a username is stored only as its SHA-256, and
        -- rows are written for unknown usernames exactly as for real ones, so the table does not tell who exists.
        CREATE TABLE core.login_throttle (
            client cidr NOT NULL,
            username_hash bytea NOT NULL CHECK (length(username_hash) = 32),
            failures integer NOT NULL CHECK (failures > 0),
            last_attempt_at timestamptz NOT NULL,
            next_allowed_at timestamptz NOT NULL,
            PRIMARY KEY (client, username_hash)
        );
        CREATE INDEX login_throttle_last_attempt ON core.login_throttle (last_attempt_at);
        CREATE INDEX login_throttle_username ON core.login_throttle (username_hash);
        GRANT SELECT, INSERT, UPDATE, DELETE ON core.login_throttle TO tonghu_app;

        -- The account lock-out anyone knowing a username could trigger is gone.
        UPDATE core.users SET failed_logins = 0, locked_until = NULL WHERE failed_logins <> 0 OR locked_until IS NOT NULL;
        REVOKE UPDATE (failed_logins, locked_until) ON core.users FROM tonghu_app;
        COMMENT ON COLUMN core.users.failed_logins IS 'unused since core migration 7 (core.login_throttle)';
        COMMENT ON COLUMN core.users.locked_until IS 'unused since core migration 7 (core.login_throttle)';
        """)
}
