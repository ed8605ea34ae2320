import Contract

/// The registry's own tables, schema `registry`. Every table holding child data is under row-level security:
/// `files` on the residence or household-registration district (both districts' staff see the child); the
/// others through their file (`child_id IN (SELECT child_id FROM registry.files)`, itself filtered by scope).
enum RegistrySchema {
    static let migrations = [files, movementRoundsWorkforce]

    static let files =
        Migration(
            1, "registry files, parents, categories, visits, risk, exits, agreements",
            """
            CREATE SCHEMA registry;
            GRANT USAGE ON SCHEMA registry TO tonghu_app;

            -- 一人一档: the registry's file on a child; identity lives in core.children.
            CREATE TABLE registry.files (
                child_id uuid PRIMARY KEY REFERENCES core.children (id),
                residence_district bigint NOT NULL REFERENCES core.districts (code),
                hukou_district bigint NOT NULL REFERENCES core.districts (code),
                responsible_district bigint NOT NULL REFERENCES core.districts (code),
                birth_date date NOT NULL,
                name text NOT NULL,
                hukou_type text CHECK (hukou_type IN ('rural', 'urban')),
                ethnicity text,
                living_with text,
                boarding boolean,
                school text,
                grade text,
                health text,
                disability_type text,
                disability_grade smallint CHECK (disability_grade BETWEEN 1 AND 4),
                economic_status text[] NOT NULL DEFAULT '{}',
                contacts jsonb NOT NULL DEFAULT '[]',
                in_institution boolean NOT NULL DEFAULT false,
                full_time_student boolean NOT NULL DEFAULT false,
                adopted boolean NOT NULL DEFAULT false,
                deceased boolean NOT NULL DEFAULT false,
                risk_colour text NOT NULL,
                last_visit_on date,
                next_visit_due date NOT NULL,
                opened_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX files_residence ON registry.files (residence_district, child_id);
            CREATE INDEX files_hukou ON registry.files (hukou_district);
            CREATE INDEX files_due ON registry.files (residence_district, next_visit_due);
            ALTER TABLE registry.files ENABLE ROW LEVEL SECURITY;
            CREATE POLICY files_in_scope ON registry.files
                USING (residence_district <@ core.scope() OR hukou_district <@ core.scope())
                WITH CHECK (residence_district <@ core.scope() OR hukou_district <@ core.scope());

            -- 父母状况: dated parent statuses (working away, in prison, lost contact since the police report, …).
            CREATE TABLE registry.parent_statuses (
                id bigserial PRIMARY KEY,
                child_id uuid NOT NULL REFERENCES registry.files (child_id),
                parent text NOT NULL CHECK (parent IN ('father', 'mother')),
                condition text NOT NULL,
                since date NOT NULL,
                until date,
                term_months integer,
                disability_grade smallint,
                disability_type text,
                detail text,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX parent_statuses_child ON registry.parent_statuses (child_id);

            -- 儿童类别: multi-valued, dated, with the rule and facts that derived it or the reason staff gave.
            CREATE TABLE registry.categories (
                id bigserial PRIMARY KEY,
                child_id uuid NOT NULL REFERENCES registry.files (child_id),
                category text NOT NULL,
                starts date NOT NULL,
                ends date,
                source text NOT NULL CHECK (source IN ('derived', 'manual')),
                rule text,
                facts text[] NOT NULL DEFAULT '{}',
                reason text,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX categories_child ON registry.categories (child_id) WHERE ends IS NULL;
            CREATE INDEX categories_current ON registry.categories (category, child_id) WHERE ends IS NULL;

            -- 走访: home visits, with findings, actions, the next due date and supervisor review (督导).
            CREATE TABLE registry.visits (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                child_id uuid NOT NULL REFERENCES registry.files (child_id),
                visited_on date NOT NULL,
                visitor text NOT NULL,
                visitor_role text NOT NULL,
                mode text NOT NULL CHECK (mode IN ('home', 'phone', 'video')),
                met text[] NOT NULL DEFAULT '{}',
                findings jsonb NOT NULL DEFAULT '{}',
                problems text,
                actions text,
                referrals text,
                colour_after text NOT NULL,
                next_due date NOT NULL,
                reviewed_by text,
                reviewed_at timestamptz,
                review_note text,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX visits_child ON registry.visits (child_id, visited_on DESC);

            -- 四色管理: every colour change with who and why; a change to the highest colour waits for a supervisor.
            CREATE TABLE registry.risk_changes (
                id bigserial PRIMARY KEY,
                child_id uuid NOT NULL REFERENCES registry.files (child_id),
                colour text NOT NULL,
                previous text,
                reason text NOT NULL,
                forced boolean NOT NULL DEFAULT false,
                status text NOT NULL CHECK (status IN ('effective', 'pending', 'rejected')),
                requested_by text NOT NULL,
                requested_at timestamptz NOT NULL DEFAULT now(),
                decided_by text,
                decided_at timestamptz,
                decision_note text
            );
            CREATE INDEX risk_changes_child ON registry.risk_changes (child_id, id DESC);
            CREATE INDEX risk_changes_pending ON registry.risk_changes (status) WHERE status = 'pending';

            -- 应退未退: a child who stopped qualifying waits here until someone decides; nothing is dropped silently.
            CREATE TABLE registry.exit_reviews (
                id bigserial PRIMARY KEY,
                child_id uuid NOT NULL REFERENCES registry.files (child_id),
                category text NOT NULL,
                reason text NOT NULL,
                opened_on date NOT NULL,
                resolved_on date,
                resolution text CHECK (resolution IN ('exited', 'kept')),
                resolved_by text
            );
            CREATE INDEX exit_reviews_open ON registry.exit_reviews (child_id) WHERE resolved_on IS NULL;

            -- 委托照护协议 (未成年人保护法 第22–23条): carer, dates, the parents' weekly-contact duty.
            CREATE TABLE registry.care_agreements (
                id bigserial PRIMARY KEY,
                child_id uuid NOT NULL REFERENCES registry.files (child_id),
                carer_name text NOT NULL,
                relationship text NOT NULL,
                starts date NOT NULL,
                ends date,
                signed_on date NOT NULL,
                weekly_contact boolean NOT NULL DEFAULT true,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );

            DO $$
            DECLARE t text;
            BEGIN
                FOREACH t IN ARRAY ARRAY['parent_statuses', 'categories', 'visits', 'risk_changes', 'exit_reviews', 'care_agreements'] LOOP
                    EXECUTE format('ALTER TABLE registry.%I ENABLE ROW LEVEL SECURITY', t);
                    EXECUTE format('CREATE POLICY %I ON registry.%I USING (child_id IN (SELECT child_id FROM registry.files)) WITH CHECK (child_id IN (SELECT child_id FROM registry.files))', t || '_via_file', t);
                END LOOP;
            END $$;
            GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA registry TO tonghu_app;
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA registry TO tonghu_app;
            """)
}
