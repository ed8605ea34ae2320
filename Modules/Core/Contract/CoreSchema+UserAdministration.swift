extension CoreSchema {
    /// Migration 18: 用户管理 — the console's users pages administer accounts as the application role, within the
    /// administrator's district scope (checked by the console; `core.user.manage`). The role may create an account
    /// (never choose its id), lock and unlock it, and add or remove grants; it still cannot read or change second
    /// factors or recovery codes, and a password it sets is a bcrypt hash made by `Users`, as the CLI's.
    static let userAdministration = Migration(
        18, "user administration by the application role",
        """
        GRANT INSERT (username, display_name, password_hash) ON core.users TO tonghu_app;
        GRANT UPDATE (disabled) ON core.users TO tonghu_app;
        GRANT INSERT, DELETE ON core.grants TO tonghu_app;
        GRANT USAGE ON SEQUENCE core.grants_id_seq TO tonghu_app;
        """)
}
