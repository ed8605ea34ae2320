import Contract

extension RegistrySchema {
    /// Name initials for search, transfers between districts, survey rounds (一年两排) and the workforce ledger.
    static let movementRoundsWorkforce = Migration(
        2, "name initials, transfers, survey rounds, workforce ledger",
        """
        -- 拼音首字母: every reading's initials of the name (张三明 → zsm), for the roster's name search.
        ALTER TABLE registry.files ADD COLUMN name_initials text[] NOT NULL DEFAULT '{}';

        -- The subtree of a district code as a range (2/4/6/9/12 significant digits), for rows that belong to a
        -- whole subtree (a county's survey round) and must be visible to every district inside it.
        CREATE FUNCTION registry.subtree(code bigint) RETURNS int8range LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT int8range(code, code + CASE
                WHEN code % 10000000000 = 0 THEN 10000000000
                WHEN code % 100000000 = 0 THEN 100000000
                WHEN code % 1000000 = 0 THEN 1000000
                WHEN code % 1000 = 0 THEN 1000
                ELSE 1 END)
        $$;

        -- 转移交接: the sending district proposes, the receiving district accepts or rejects; until accepted the
        -- sender stays responsible. The receiver sees the proposal (with a summary taken when it was made), not
        -- the file, until it accepts.
        CREATE TABLE registry.transfers (
            id bigserial PRIMARY KEY,
            child_id uuid NOT NULL REFERENCES registry.files (child_id),
            from_district bigint NOT NULL REFERENCES core.districts (code),
            to_district bigint NOT NULL REFERENCES core.districts (code) CHECK (to_district <> from_district),
            reason text NOT NULL CHECK (reason <> ''),
            summary jsonb NOT NULL,
            status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected', 'withdrawn')),
            proposed_by text NOT NULL,
            proposed_at timestamptz NOT NULL DEFAULT now(),
            decided_by text,
            decided_at timestamptz,
            decision_note text
        );
        CREATE UNIQUE INDEX transfers_one_open ON registry.transfers (child_id) WHERE status = 'proposed';
        CREATE INDEX transfers_to ON registry.transfers (to_district, id);
        CREATE INDEX transfers_from ON registry.transfers (from_district, id);
        ALTER TABLE registry.transfers ENABLE ROW LEVEL SECURITY;
        CREATE POLICY transfers_either_side ON registry.transfers FOR SELECT
            USING (from_district <@ core.scope() OR to_district <@ core.scope());
        CREATE POLICY transfers_proposed_by_sender ON registry.transfers FOR INSERT
            WITH CHECK (from_district <@ core.scope() AND EXISTS (SELECT 1 FROM registry.files f WHERE f.child_id = transfers.child_id));
        CREATE POLICY transfers_decided_by_either_side ON registry.transfers FOR UPDATE
            USING (from_district <@ core.scope() OR to_district <@ core.scope());

        -- Accepting moves the file (and the core index entry) into the receiving district, whose staff cannot yet
        -- see it under row-level security; so the move runs as the schema owner, after checking the caller's scope.
        CREATE FUNCTION registry.accept_transfer(transfer bigint, actor text, note text) RETURNS uuid
            LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
        DECLARE moved registry.transfers;
        BEGIN
            UPDATE registry.transfers SET status = 'accepted', decided_by = actor, decided_at = now(), decision_note = note
            WHERE id = transfer AND status = 'proposed' AND to_district <@ core.scope()
            RETURNING * INTO moved;
            IF NOT FOUND THEN RETURN NULL; END IF;
            UPDATE registry.files SET residence_district = moved.to_district, responsible_district = moved.to_district, updated_at = now()
            WHERE child_id = moved.child_id;
            UPDATE core.children SET residence_district = moved.to_district WHERE id = moved.child_id;
            RETURN moved.child_id;
        END $$;
        REVOKE ALL ON FUNCTION registry.accept_transfer(bigint, text, text) FROM PUBLIC;
        GRANT EXECUTE ON FUNCTION registry.accept_transfer(bigint, text, text) TO tonghu_app;

        -- 一年两排: a county (or any district) opens a round for its subtree; every child there is to be checked.
        CREATE TABLE registry.survey_rounds (
            id bigserial PRIMARY KEY,
            district bigint NOT NULL REFERENCES core.districts (code),
            title text NOT NULL CHECK (title <> ''),
            opens_on date NOT NULL,
            closes_on date NOT NULL CHECK (closes_on >= opens_on),
            opened_by text NOT NULL,
            opened_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX survey_rounds_district ON registry.survey_rounds (district, opens_on DESC);
        ALTER TABLE registry.survey_rounds ENABLE ROW LEVEL SECURITY;
        CREATE POLICY survey_rounds_overlapping ON registry.survey_rounds FOR SELECT
            USING (core.scope() && int8multirange(registry.subtree(district)));
        CREATE POLICY survey_rounds_opened_within ON registry.survey_rounds FOR INSERT WITH CHECK (district <@ core.scope());

        CREATE TABLE registry.survey_checks (
            round_id bigint NOT NULL REFERENCES registry.survey_rounds (id),
            child_id uuid NOT NULL REFERENCES registry.files (child_id),
            checked_on date NOT NULL,
            outcome text NOT NULL CHECK (outcome IN ('unchanged', 'updated', 'moved-away', 'not-found')),
            note text,
            checked_by text NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (round_id, child_id)
        );
        ALTER TABLE registry.survey_checks ENABLE ROW LEVEL SECURITY;
        CREATE POLICY survey_checks_via_file ON registry.survey_checks
            USING (EXISTS (SELECT 1 FROM registry.files f WHERE f.child_id = survey_checks.child_id))
            WITH CHECK (EXISTS (SELECT 1 FROM registry.files f WHERE f.child_id = survey_checks.child_id));

        -- 工作队伍台账: village child directors (儿童主任) and township supervisors (儿童督导员), with training.
        CREATE TABLE registry.workers (
            id bigserial PRIMARY KEY,
            district bigint NOT NULL REFERENCES core.districts (code),
            role text NOT NULL CHECK (role IN ('director', 'supervisor')),
            name text NOT NULL CHECK (name <> ''),
            phone text,
            appointed_on date NOT NULL,
            ended_on date CHECK (ended_on >= appointed_on),
            end_reason text,
            recorded_by text NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX workers_district ON registry.workers (district, role);
        CREATE TABLE registry.trainings (
            id bigserial PRIMARY KEY,
            worker_id bigint NOT NULL REFERENCES registry.workers (id),
            held_on date NOT NULL,
            title text NOT NULL CHECK (title <> ''),
            hours numeric(5, 1) NOT NULL CHECK (hours > 0),
            provider text,
            recorded_by text NOT NULL,
            recorded_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX trainings_worker ON registry.trainings (worker_id, held_on);
        ALTER TABLE registry.workers ENABLE ROW LEVEL SECURITY;
        CREATE POLICY workers_in_scope ON registry.workers USING (district <@ core.scope()) WITH CHECK (district <@ core.scope());
        ALTER TABLE registry.trainings ENABLE ROW LEVEL SECURITY;
        CREATE POLICY trainings_via_worker ON registry.trainings
            USING (EXISTS (SELECT 1 FROM registry.workers w WHERE w.id = trainings.worker_id))
            WITH CHECK (EXISTS (SELECT 1 FROM registry.workers w WHERE w.id = trainings.worker_id));

        CREATE INDEX care_agreements_child ON registry.care_agreements (child_id, starts);
        GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA registry TO tonghu_app;
        GRANT USAGE ON ALL SEQUENCES IN SCHEMA registry TO tonghu_app;
        """)
}
