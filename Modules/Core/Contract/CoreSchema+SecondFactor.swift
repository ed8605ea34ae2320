extension CoreSchema {
    /// Migration 9: 双因素认证 — a TOTP second factor (RFC 6238) and one-use recovery codes, which privileged roles
    /// need to sign in (等保 2.0 level 3; `SecondFactors` in Access reads and writes the tables).
    ///
    /// The secret is only kept sealed with the keyring (AES-GCM, its field bound in), recovery codes only as SHA-256
    /// of 80 random bits. The application role may start an enrolment, confirm it, record a used step and spend a code
    /// (`core.use_recovery_code`); it can neither read codes nor remove a factor: a reset is the CLI's, as the owner.
    static let secondFactor = Migration(
        9, "TOTP second factor and recovery codes",
        """
        CREATE TABLE core.second_factors (
            user_id uuid PRIMARY KEY REFERENCES core.users (id) ON DELETE CASCADE,
            secret_cipher bytea NOT NULL,
            secret_key text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            confirmed_at timestamptz,
            -- The last 30-second step whose code was accepted: a code of that step or an earlier one is refused.
            last_step bigint
        );
        GRANT SELECT, INSERT ON core.second_factors TO tonghu_app;
        GRANT UPDATE (secret_cipher, secret_key, created_at, confirmed_at, last_step) ON core.second_factors TO tonghu_app;

        CREATE TABLE core.recovery_codes (
            user_id uuid NOT NULL REFERENCES core.second_factors (user_id) ON DELETE CASCADE,
            code_hash bytea NOT NULL CHECK (length(code_hash) = 32),
            used_at timestamptz,
            PRIMARY KEY (user_id, code_hash)
        );
        GRANT INSERT ON core.recovery_codes TO tonghu_app;
        -- Spends one unused code of `account`; the number still unused, or NULL when none matched.
        CREATE FUNCTION core.use_recovery_code(account uuid, hash bytea) RETURNS bigint
            LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog AS $$
        BEGIN
            UPDATE core.recovery_codes SET used_at = now() WHERE user_id = account AND code_hash = hash AND used_at IS NULL;
            IF NOT FOUND THEN RETURN NULL; END IF;
            RETURN (SELECT count(*) FROM core.recovery_codes WHERE user_id = account AND used_at IS NULL);
        END $$;
        REVOKE ALL ON FUNCTION core.use_recovery_code(uuid, bytea) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION core.use_recovery_code(uuid, bytea) TO tonghu_app;

        -- A session of a privileged user who has not enrolled yet: good only for enrolling (the gateway refuses the rest).
        ALTER TABLE core.sessions ADD COLUMN enrolment_only boolean NOT NULL DEFAULT false;
        """)
}
