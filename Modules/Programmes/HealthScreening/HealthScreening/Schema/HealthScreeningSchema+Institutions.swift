import Contract

extension HealthScreeningSchema {
    /// 医疗卫生机构 — hospitals, township health centres, screening and diagnosis centres as records with their district
    /// and kind, the staff who belong to each (`institution_staff`, by username), and referrals naming the institution
    /// they go to. An institution is read and written within the caller's scope; the designated screening and
    /// diagnosis centres (指定机构) are a directory every caller reads, so that any township can refer to them.
    /// A designated centre reaches a child of another district through a referral to its own institution, never by a
    /// wider scope: `health_screening.my_institutions()` reads the transaction's actor (`tonghu.actor`), and a newborn
    /// whose child was referred to one of them is readable (its chains, steps and encounters follow their newborn).
    static let institutions = Migration(
        6, "institutions, their staff, referrals to an institution and the designated centre's reach through them",
        """
        CREATE TABLE health_screening.institutions (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            name text NOT NULL CHECK (btrim(name) <> '' AND char_length(name) <= 100),
            kind text NOT NULL CHECK (kind IN ('hospital', 'township-centre', 'mch', 'screening-centre', 'diagnosis-centre')),
            district bigint NOT NULL REFERENCES core.districts (code),
            created_by text NOT NULL,
            created_at timestamptz NOT NULL,
            UNIQUE (district, name)
        );
        CREATE INDEX institutions_district ON health_screening.institutions (district, kind);

        CREATE TABLE health_screening.institution_staff (
            username text NOT NULL REFERENCES core.users (username),
            institution uuid NOT NULL REFERENCES health_screening.institutions (id),
            added_by text NOT NULL,
            added_at timestamptz NOT NULL,
            PRIMARY KEY (username, institution)
        );
        CREATE INDEX institution_staff_institution ON health_screening.institution_staff (institution);

        -- The actor's own memberships, read past row-level security (which itself asks this function).
        CREATE FUNCTION health_screening.my_institutions() RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER
            SET search_path = pg_catalog AS
            $$ SELECT institution FROM health_screening.institution_staff
               WHERE username = NULLIF(current_setting('tonghu.actor', true), '') $$;
        REVOKE ALL ON FUNCTION health_screening.my_institutions() FROM PUBLIC;

        ALTER TABLE health_screening.institutions ENABLE ROW LEVEL SECURITY;
        CREATE POLICY institutions_in_scope ON health_screening.institutions FOR SELECT
            USING (district <@ core.scope() OR kind IN ('screening-centre', 'diagnosis-centre')
                OR id IN (SELECT health_screening.my_institutions()));
        CREATE POLICY institutions_written_in_scope ON health_screening.institutions FOR INSERT
            WITH CHECK (district <@ core.scope());
        ALTER TABLE health_screening.institution_staff ENABLE ROW LEVEL SECURITY;
        CREATE POLICY institution_staff_in_scope ON health_screening.institution_staff FOR SELECT
            USING (institution IN (SELECT id FROM health_screening.institutions WHERE district <@ core.scope()));
        CREATE POLICY institution_staff_written_in_scope ON health_screening.institution_staff FOR INSERT
            WITH CHECK (institution IN (SELECT id FROM health_screening.institutions WHERE district <@ core.scope()));
        GRANT SELECT, INSERT ON health_screening.institutions, health_screening.institution_staff TO tonghu_app;
        GRANT EXECUTE ON FUNCTION health_screening.my_institutions() TO tonghu_app;

        ALTER TABLE health_screening.referrals ADD COLUMN to_institution_id uuid REFERENCES health_screening.institutions (id);
        CREATE INDEX referrals_to_institution ON health_screening.referrals (to_institution_id, child_id) WHERE to_institution_id IS NOT NULL;
        CREATE POLICY referrals_to_my_institution ON health_screening.referrals FOR SELECT
            USING (to_institution_id IN (SELECT health_screening.my_institutions()));
        CREATE POLICY referrals_answered_by_my_institution ON health_screening.referrals FOR UPDATE
            USING (to_institution_id IN (SELECT health_screening.my_institutions()));
        CREATE POLICY newborns_referred_to_my_institution ON health_screening.newborns FOR SELECT
            USING (child_id IN (
                SELECT r.child_id FROM health_screening.referrals r
                WHERE r.to_institution_id IN (SELECT health_screening.my_institutions())));
        """)
}
