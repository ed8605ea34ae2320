import Contract

/// The programme's own tables, schema `health_screening`: every migration, in order, is listed here and nowhere else.
/// Never edit one that has been applied (the runner compares checksums): add the next.
enum HealthScreeningSchema {
    static let migrations = [newborns, referrals, checkups, institutions]

    /// Newborns (新生儿) before and after their own ID number, the explicit link attempts to the core children index, and
    /// the screening chains (筛查链) with their links as rows. A newborn is under row-level security on the district that
    /// follows it (residence) or the one it was born in (the birth hospital's); link attempts, chains and steps through
    /// their newborn. The mother's ID number is only a blind index (`mother_id_index`, the core keyring's HMAC) and a
    /// sealed box: never plaintext.
    static let newborns = Migration(
        1, "newborns, link attempts, screening chains and their steps",
        """
        CREATE SCHEMA health_screening;
        GRANT USAGE ON SCHEMA health_screening TO tonghu_app;

        CREATE TABLE health_screening.newborns (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            district bigint NOT NULL REFERENCES core.districts (code),
            birth_district bigint NOT NULL REFERENCES core.districts (code),
            mother_id_index bytea NOT NULL,
            mother_id_cipher bytea NOT NULL,
            mother_id_key text NOT NULL,
            mother_id_masked text NOT NULL,
            born_at timestamptz NOT NULL,
            sex text NOT NULL CHECK (sex IN ('M', 'F')),
            birth_order smallint NOT NULL CHECK (birth_order BETWEEN 1 AND 9),
            hospital text NOT NULL CHECK (hospital <> '' AND char_length(hospital) <= 100),
            hospital_record text NOT NULL CHECK (hospital_record <> '' AND char_length(hospital_record) <= 50),
            child_id uuid,
            linked_at timestamptz,
            registered_by text NOT NULL,
            registered_at timestamptz NOT NULL DEFAULT now(),
            CHECK ((child_id IS NULL) = (linked_at IS NULL))
        );
        -- One record per birth: the mother, the day and the order of birth (twins are 1 and 2); one per hospital record.
        CREATE UNIQUE INDEX newborns_one_per_birth
            ON health_screening.newborns (mother_id_index, ((born_at AT TIME ZONE 'Asia/Shanghai')::date), birth_order);
        CREATE UNIQUE INDEX newborns_hospital_record ON health_screening.newborns (hospital, hospital_record);
        CREATE UNIQUE INDEX newborns_child ON health_screening.newborns (child_id) WHERE child_id IS NOT NULL;
        CREATE INDEX newborns_district ON health_screening.newborns (district, id);
        CREATE INDEX newborns_birth_district ON health_screening.newborns (birth_district, id);
        CREATE INDEX newborns_mother ON health_screening.newborns (mother_id_index);

        -- 关联尝试: every explicit attempt to link a newborn to a child of the core index, with what came of it.
        CREATE TABLE health_screening.link_attempts (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            newborn uuid NOT NULL REFERENCES health_screening.newborns (id),
            child_id uuid,
            outcome text NOT NULL CHECK (outcome IN ('matched', 'unmatched', 'ambiguous')),
            reason text,
            attempted_by text NOT NULL,
            attempted_at timestamptz NOT NULL,
            CHECK ((outcome = 'matched') = (child_id IS NOT NULL)),
            CHECK (outcome = 'matched' OR reason IS NOT NULL)
        );
        CREATE INDEX link_attempts_newborn ON health_screening.link_attempts (newborn, attempted_at);

        -- 筛查链: one per newborn and condition; closed by its outcome.
        CREATE TABLE health_screening.chains (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            newborn uuid NOT NULL REFERENCES health_screening.newborns (id),
            condition text NOT NULL CHECK (condition ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
            title_zh text NOT NULL,
            title_en text NOT NULL,
            method text NOT NULL CHECK (method IN ('blood-spot', 'screen')),
            outcome text,
            closed_at timestamptz,
            UNIQUE (newborn, condition),
            CHECK ((outcome IS NULL) = (closed_at IS NULL))
        );

        -- 筛查环节: the chain's links, in the order they happened, each with its state.
        CREATE TABLE health_screening.steps (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            chain uuid NOT NULL REFERENCES health_screening.chains (id),
            position integer NOT NULL,
            link text NOT NULL,
            state text NOT NULL,
            occurred_at timestamptz NOT NULL,
            institution text CHECK (char_length(institution) <= 100),
            person text CHECK (char_length(person) <= 50),
            method text CHECK (method IN ('phone', 'sms', 'visit', 'letter')),
            reason text CHECK (char_length(reason) <= 500),
            detail text CHECK (char_length(detail) <= 2000),
            recorded_by text NOT NULL,
            recorded_at timestamptz NOT NULL,
            UNIQUE (chain, position),
            CHECK (
                (link = 'consent' AND state IN ('signed', 'refused'))
                OR (link = 'screen' AND state = 'done')
                OR (link = 'result' AND state IN ('negative', 'positive', 'refer', 'unsatisfactory'))
                OR (link = 'recall' AND state IN ('notified', 'acknowledged'))
                OR (link = 'confirmation' AND state IN ('referred', 'accepted', 'rejected', 'confirmed', 'excluded'))
                OR (link = 'treatment' AND state = 'started')
                OR (link = 'outcome' AND state IN ('normal', 'in-treatment', 'refused', 'lost', 'died', 'moved-away'))
            ),
            CHECK (link <> 'recall' OR state <> 'notified' OR (person IS NOT NULL AND method IS NOT NULL)),
            CHECK (state NOT IN ('rejected', 'lost') OR reason IS NOT NULL),
            CHECK (NOT (link IN ('screen', 'treatment') OR state = 'referred') OR institution IS NOT NULL)
        );

        DO $$
        BEGIN
            ALTER TABLE health_screening.newborns ENABLE ROW LEVEL SECURITY;
            CREATE POLICY newborns_in_scope ON health_screening.newborns
                USING (district <@ core.scope() OR birth_district <@ core.scope())
                WITH CHECK (district <@ core.scope() OR birth_district <@ core.scope());
            ALTER TABLE health_screening.link_attempts ENABLE ROW LEVEL SECURITY;
            CREATE POLICY link_attempts_via_newborn ON health_screening.link_attempts
                USING (newborn IN (SELECT id FROM health_screening.newborns))
                WITH CHECK (newborn IN (SELECT id FROM health_screening.newborns));
            ALTER TABLE health_screening.chains ENABLE ROW LEVEL SECURITY;
            CREATE POLICY chains_via_newborn ON health_screening.chains
                USING (newborn IN (SELECT id FROM health_screening.newborns))
                WITH CHECK (newborn IN (SELECT id FROM health_screening.newborns));
            ALTER TABLE health_screening.steps ENABLE ROW LEVEL SECURITY;
            CREATE POLICY steps_via_chain ON health_screening.steps
                USING (chain IN (SELECT id FROM health_screening.chains))
                WITH CHECK (chain IN (SELECT id FROM health_screening.chains));
        END $$;
        GRANT SELECT, INSERT ON health_screening.newborns, health_screening.link_attempts, health_screening.chains,
            health_screening.steps TO tonghu_app;
        GRANT UPDATE (child_id, linked_at) ON health_screening.newborns TO tonghu_app;
        GRANT UPDATE (outcome, closed_at) ON health_screening.chains TO tonghu_app;
        """)

    /// 残疾筛查转介 (0–6 岁): each step of the ladder first screen → rescreen → diagnostic assessment → rehabilitation
    /// application is a referral the receiving institution accepts or rejects with a reason, then answers with its
    /// result. Under row-level security on the child's residence district or the receiving institution's.
    static let referrals = Migration(
        2, "disability screening referrals",
        """
        CREATE TABLE health_screening.referrals (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            child_id uuid NOT NULL,
            district bigint NOT NULL REFERENCES core.districts (code),
            to_district bigint NOT NULL REFERENCES core.districts (code),
            disability text NOT NULL CHECK (disability IN ('vision', 'hearing', 'limb', 'intellectual', 'autism')),
            step text NOT NULL CHECK (step IN ('rescreen', 'diagnosis', 'rehabilitation')),
            to_institution text NOT NULL CHECK (to_institution <> '' AND char_length(to_institution) <= 100),
            finding text CHECK (char_length(finding) <= 2000),
            state text NOT NULL CHECK (state IN ('referred', 'accepted', 'rejected', 'completed')),
            reason text CHECK (char_length(reason) <= 500),
            result text CHECK (result IN ('positive', 'negative', 'approved', 'declined')),
            result_finding text CHECK (char_length(result_finding) <= 2000),
            referred_by text NOT NULL,
            referred_at timestamptz NOT NULL,
            decided_by text,
            decided_at timestamptz,
            completed_at timestamptz,
            CHECK (state <> 'rejected' OR reason IS NOT NULL),
            CHECK ((state = 'completed') = (result IS NOT NULL))
        );
        CREATE UNIQUE INDEX referrals_one_open ON health_screening.referrals (child_id, disability) WHERE state IN ('referred', 'accepted');
        CREATE INDEX referrals_child ON health_screening.referrals (child_id, referred_at);
        CREATE INDEX referrals_to_district ON health_screening.referrals (to_district, state);
        ALTER TABLE health_screening.referrals ENABLE ROW LEVEL SECURITY;
        CREATE POLICY referrals_in_scope ON health_screening.referrals
            USING (district <@ core.scope() OR to_district <@ core.scope())
            WITH CHECK (district <@ core.scope() OR to_district <@ core.scope());
        GRANT SELECT, INSERT ON health_screening.referrals TO tonghu_app;
        GRANT UPDATE (state, reason, result, result_finding, decided_by, decided_at, completed_at) ON health_screening.referrals TO tonghu_app;
        """)

    /// 迁入 and 0–6 健康管理: a newborn born elsewhere and registered here on arrival (`arrived_at`: its deadlines that
    /// closed before count as not applicable, never overdue since birth), and the check-up encounters (体检, with the eye
    /// check 眼保健 of the same visit), each recorded once per child and age with its findings. Under row-level security
    /// through their newborn.
    static let checkups = Migration(
        3, "arrival of newborns born elsewhere, check-up encounters with their eye checks",
        """
        ALTER TABLE health_screening.newborns ADD COLUMN arrived_at timestamptz, ADD CHECK (arrived_at IS NULL OR arrived_at >= born_at);

        CREATE TABLE health_screening.encounters (
            id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
            newborn uuid NOT NULL REFERENCES health_screening.newborns (id),
            encounter text NOT NULL CHECK (encounter ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
            examined_on date NOT NULL,
            institution text NOT NULL CHECK (institution <> '' AND char_length(institution) <= 100),
            weight_grams integer CHECK (weight_grams BETWEEN 300 AND 60000),
            length_mm integer CHECK (length_mm BETWEEN 200 AND 1600),
            findings text CHECK (char_length(findings) <= 2000),
            eye_checked boolean NOT NULL,
            acuity_left numeric(3, 2) CHECK (acuity_left BETWEEN 0 AND 2),
            acuity_right numeric(3, 2) CHECK (acuity_right BETWEEN 0 AND 2),
            eye_findings text CHECK (char_length(eye_findings) <= 2000),
            eye_referral text CHECK (char_length(eye_referral) <= 500),
            recorded_by text NOT NULL,
            recorded_at timestamptz NOT NULL,
            UNIQUE (newborn, encounter),
            CHECK (eye_checked OR (acuity_left IS NULL AND acuity_right IS NULL AND eye_findings IS NULL AND eye_referral IS NULL))
        );
        ALTER TABLE health_screening.encounters ENABLE ROW LEVEL SECURITY;
        CREATE POLICY encounters_via_newborn ON health_screening.encounters
            USING (newborn IN (SELECT id FROM health_screening.newborns))
            WITH CHECK (newborn IN (SELECT id FROM health_screening.newborns));
        GRANT SELECT, INSERT ON health_screening.encounters TO tonghu_app;
        -- Referrals to a designated centre, for the work list of those waiting for its answer.
        CREATE INDEX steps_referred ON health_screening.steps (chain, position) WHERE link = 'confirmation';
        """)
}
