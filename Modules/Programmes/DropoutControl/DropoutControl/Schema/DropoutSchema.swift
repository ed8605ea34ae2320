import Contract

/// The programme's own tables, schema `dropout_control`. Tables holding child data are under row-level security:
/// the watch list and comparison results on the child's residence or household-registration district, enrolments
/// and absences on the school's district, cases on the responsible district or the child's residence; attempts,
/// reports, measures and history through their case, visits through their plan.
///
/// Students are matched by the ID-number blind index (`id_index`, the core keyring's HMAC), never by the number:
/// an enrolment row keeps its index even when the student is not yet in the children master index, so a child
/// registered later matches the snapshot already loaded.
enum DropoutSchema {
    static let migrations = [schema, comparisonPlan, scopeOnce, droppedOutIndex, hukouSide, caseClock]

    static let schema =
        Migration(
            1, "watch list, enrolment snapshots, comparisons, absences, cases, home teaching, pairings",
            """
            CREATE SCHEMA dropout_control;
            GRANT USAGE ON SCHEMA dropout_control TO tonghu_app;

            -- 关注名单: children civil affairs follows, from the registry's events (never its tables).
            CREATE TABLE dropout_control.watch (
                child_id uuid PRIMARY KEY,
                id_index bytea NOT NULL,
                residence_district bigint NOT NULL,
                hukou_district bigint NOT NULL,
                birth_date date NOT NULL,
                groups text[] NOT NULL DEFAULT '{}',
                updated_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX watch_residence ON dropout_control.watch (residence_district, birth_date);
            CREATE INDEX watch_hukou ON dropout_control.watch (hukou_district);

            -- 学籍库快照: one per import; `current_snapshots` points at the one in force for each term, switched in
            -- the import's own transaction, so a reader sees the old snapshot or the new one, never a mixture.
            CREATE TABLE dropout_control.snapshots (
                id bigserial PRIMARY KEY,
                term text NOT NULL,
                file text NOT NULL,
                loaded integer NOT NULL DEFAULT 0,
                rejected integer NOT NULL DEFAULT 0,
                loaded_by text NOT NULL,
                loaded_at timestamptz NOT NULL DEFAULT now(),
                replaced_at timestamptz
            );
            CREATE TABLE dropout_control.current_snapshots (
                term text PRIMARY KEY,
                snapshot bigint NOT NULL REFERENCES dropout_control.snapshots (id),
                switched_at timestamptz NOT NULL DEFAULT now()
            );
            -- One partition per snapshot, loaded with COPY and attached when complete (see EnrolmentImport); no
            -- foreign keys to check row by row.
            CREATE TABLE dropout_control.enrolments (
                snapshot bigint NOT NULL,
                id_index bytea NOT NULL,
                name text NOT NULL,
                school text NOT NULL,
                school_district bigint NOT NULL,
                grade smallint NOT NULL,
                status text NOT NULL,
                line integer NOT NULL
            ) PARTITION BY LIST (snapshot);
            CREATE INDEX enrolments_student ON dropout_control.enrolments (id_index);
            CREATE INDEX enrolments_school ON dropout_control.enrolments (school_district);

            -- 四查三比对: one run for a district subtree and a term, with its counts; the age-eligible children with no
            -- enrolment record (适龄失学儿童少年台账) are kept per run.
            CREATE TABLE dropout_control.comparisons (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                district bigint NOT NULL REFERENCES core.districts (code),
                district_end bigint NOT NULL,
                term text NOT NULL,
                snapshot bigint NOT NULL REFERENCES dropout_control.snapshots (id),
                cut_off date NOT NULL,
                out_of_school integer NOT NULL,
                suspected integer NOT NULL,
                dropouts integer NOT NULL,
                run_by text NOT NULL,
                run_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX comparisons_term ON dropout_control.comparisons (term, district, run_at DESC);
            CREATE TABLE dropout_control.out_of_school (
                comparison uuid NOT NULL REFERENCES dropout_control.comparisons (id),
                child_id uuid NOT NULL,
                residence_district bigint NOT NULL,
                hukou_district bigint NOT NULL,
                birth_date date NOT NULL,
                groups text[] NOT NULL,
                PRIMARY KEY (comparison, child_id)
            );

            -- 缺勤报告: consecutive unexplained absence days, with the threshold in force where the school is.
            CREATE TABLE dropout_control.absences (
                id bigserial PRIMARY KEY,
                term text NOT NULL,
                id_index bytea NOT NULL,
                child_id uuid,
                name text NOT NULL,
                school text NOT NULL,
                school_district bigint NOT NULL REFERENCES core.districts (code),
                consecutive_days integer NOT NULL CHECK (consecutive_days > 0),
                last_attended date NOT NULL,
                threshold integer NOT NULL,
                threshold_source text NOT NULL,
                suspected boolean NOT NULL,
                note text,
                reported_by text NOT NULL,
                reported_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX absences_student ON dropout_control.absences (id_index, term);

            -- 个案: at most one open case per student; closed only by 动态销号 with reason and evidence.
            CREATE TABLE dropout_control.cases (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                term text NOT NULL,
                id_index bytea NOT NULL,
                child_id uuid,
                name text NOT NULL,
                district bigint NOT NULL REFERENCES core.districts (code),
                residence_district bigint REFERENCES core.districts (code),
                school text,
                source text NOT NULL CHECK (source IN ('absence', 'comparison', 'manual')),
                state text NOT NULL CHECK (state IN ('suspected', 'dropout', 'reported', 'legal', 'returned', 'closed')),
                opened_on date NOT NULL,
                opened_by text NOT NULL,
                verified_on date,
                returned_on date,
                follow_up_until date,
                closed_on date,
                closure_reason text,
                closure_evidence text,
                CHECK (state <> 'closed' OR (closure_reason IS NOT NULL AND closure_evidence IS NOT NULL AND closed_on IS NOT NULL))
            );
            CREATE UNIQUE INDEX cases_one_open ON dropout_control.cases (id_index) WHERE state <> 'closed';
            CREATE INDEX cases_district ON dropout_control.cases (district, term, state);
            CREATE INDEX cases_residence ON dropout_control.cases (residence_district);
            CREATE TABLE dropout_control.case_history (
                id bigserial PRIMARY KEY,
                case_id uuid NOT NULL REFERENCES dropout_control.cases (id),
                state text NOT NULL,
                on_date date NOT NULL,
                note text,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            -- 劝返记录: who (teacher, village, township, county), when, how, what came of it.
            CREATE TABLE dropout_control.attempts (
                id bigserial PRIMARY KEY,
                case_id uuid NOT NULL REFERENCES dropout_control.cases (id),
                party text NOT NULL CHECK (party IN ('teacher', 'village', 'township', 'county')),
                attempted_by text NOT NULL,
                attempted_on date NOT NULL,
                method text NOT NULL,
                outcome text NOT NULL,
                note text,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX attempts_case ON dropout_control.attempts (case_id);
            -- 书面报告 to the county education bureau and the township, and 依法督促 measures after it.
            CREATE TABLE dropout_control.reports (
                id bigserial PRIMARY KEY,
                case_id uuid NOT NULL REFERENCES dropout_control.cases (id),
                reported_on date NOT NULL,
                recipients text[] NOT NULL,
                content text NOT NULL CHECK (content <> ''),
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE TABLE dropout_control.legal_measures (
                id bigserial PRIMARY KEY,
                case_id uuid NOT NULL REFERENCES dropout_control.cases (id),
                measure text NOT NULL CHECK (measure <> ''),
                taken_on date NOT NULL,
                note text,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );

            -- 送教上门: a plan keeps the frequency in force when it was made; each visit is logged.
            CREATE TABLE dropout_control.teaching_plans (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                id_index bytea NOT NULL,
                child_id uuid,
                name text NOT NULL,
                district bigint NOT NULL REFERENCES core.districts (code),
                school text NOT NULL,
                starts date NOT NULL,
                ends date,
                visits integer NOT NULL CHECK (visits > 0),
                per text NOT NULL CHECK (per IN ('month', 'week')),
                frequency_source text NOT NULL,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX teaching_plans_district ON dropout_control.teaching_plans (district);
            CREATE TABLE dropout_control.teaching_visits (
                id bigserial PRIMARY KEY,
                plan_id uuid NOT NULL REFERENCES dropout_control.teaching_plans (id),
                visited_on date NOT NULL,
                teacher text NOT NULL,
                lessons integer NOT NULL CHECK (lessons > 0),
                content text,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );
            CREATE INDEX teaching_visits_plan ON dropout_control.teaching_visits (plan_id, visited_on);
            -- 一对一结对帮扶: a teacher or volunteer paired with a struggling student (seed 004).
            CREATE TABLE dropout_control.pairings (
                id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                id_index bytea NOT NULL,
                child_id uuid,
                name text NOT NULL,
                district bigint NOT NULL REFERENCES core.districts (code),
                mentor text NOT NULL,
                mentor_kind text NOT NULL CHECK (mentor_kind IN ('teacher', 'volunteer')),
                starts date NOT NULL,
                ends date,
                focus text,
                recorded_by text NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now()
            );

            ALTER TABLE dropout_control.watch ENABLE ROW LEVEL SECURITY;
            CREATE POLICY watch_in_scope ON dropout_control.watch
                USING (residence_district <@ core.scope() OR hukou_district <@ core.scope())
                WITH CHECK (residence_district <@ core.scope() OR hukou_district <@ core.scope());
            ALTER TABLE dropout_control.out_of_school ENABLE ROW LEVEL SECURITY;
            CREATE POLICY out_of_school_in_scope ON dropout_control.out_of_school
                USING (residence_district <@ core.scope() OR hukou_district <@ core.scope())
                WITH CHECK (residence_district <@ core.scope() OR hukou_district <@ core.scope());
            -- A comparison is visible to whoever may see part of the compared subtree (a township officer reads the
            -- county's run); its ledger rows are filtered by the children's own districts.
            ALTER TABLE dropout_control.comparisons ENABLE ROW LEVEL SECURITY;
            CREATE POLICY comparisons_overlapping_scope ON dropout_control.comparisons
                USING (int8range(district, district_end, '[]') && core.scope())
                WITH CHECK (district <@ core.scope());
            ALTER TABLE dropout_control.cases ENABLE ROW LEVEL SECURITY;
            CREATE POLICY cases_in_scope ON dropout_control.cases
                USING (district <@ core.scope() OR residence_district <@ core.scope())
                WITH CHECK (district <@ core.scope() OR residence_district <@ core.scope());
            DO $$
            DECLARE t text;
            BEGIN
                FOREACH t IN ARRAY ARRAY['teaching_plans', 'pairings'] LOOP
                    EXECUTE format('ALTER TABLE dropout_control.%I ENABLE ROW LEVEL SECURITY', t);
                    EXECUTE format('CREATE POLICY %I ON dropout_control.%I USING (district <@ core.scope()) WITH CHECK (district <@ core.scope())', t || '_in_scope', t);
                END LOOP;
                FOREACH t IN ARRAY ARRAY['enrolments', 'absences'] LOOP
                    EXECUTE format('ALTER TABLE dropout_control.%I ENABLE ROW LEVEL SECURITY', t);
                    EXECUTE format('CREATE POLICY %I ON dropout_control.%I USING (school_district <@ core.scope()) WITH CHECK (school_district <@ core.scope())', t || '_in_scope', t);
                END LOOP;
                FOREACH t IN ARRAY ARRAY['case_history', 'attempts', 'reports', 'legal_measures'] LOOP
                    EXECUTE format('ALTER TABLE dropout_control.%I ENABLE ROW LEVEL SECURITY', t);
                    EXECUTE format('CREATE POLICY %I ON dropout_control.%I USING (case_id IN (SELECT id FROM dropout_control.cases)) WITH CHECK (case_id IN (SELECT id FROM dropout_control.cases))', t || '_via_case', t);
                END LOOP;
                ALTER TABLE dropout_control.teaching_visits ENABLE ROW LEVEL SECURITY;
                CREATE POLICY teaching_visits_via_plan ON dropout_control.teaching_visits
                    USING (plan_id IN (SELECT id FROM dropout_control.teaching_plans)) WITH CHECK (plan_id IN (SELECT id FROM dropout_control.teaching_plans));
            END $$;

            -- The comparison must see every enrolment, whatever the caller's scope: a child living in this county and
            -- enrolled in another county's school is enrolled. This function is the one place that looks across
            -- scopes, and it returns only watched children of the caller's scope. The values are spliced in as literals
            -- (all typed: bigint, date, the scope) so the anti-join is planned for them and may run in parallel.
            CREATE FUNCTION dropout_control.out_of_school_children(snap bigint, lo bigint, hi bigint, born_after date, born_by date)
                RETURNS TABLE (child_id uuid, residence_district bigint, hukou_district bigint, birth_date date, groups text[])
                LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog AS $$
            BEGIN
                RETURN QUERY EXECUTE format('SELECT w.child_id, w.residence_district, w.hukou_district, w.birth_date, w.groups
                    FROM dropout_control.watch w
                    WHERE w.residence_district BETWEEN %s AND %s
                      AND (w.residence_district <@ %L::int8multirange OR w.hukou_district <@ %L::int8multirange)
                      AND w.birth_date > %L::date AND w.birth_date <= %L::date
                      AND NOT EXISTS (SELECT 1 FROM dropout_control.enrolments e WHERE e.snapshot = %s AND e.id_index = w.id_index)',
                    lo, hi, core.scope(), core.scope(), born_after, born_by, snap);
            END $$;
            REVOKE ALL ON FUNCTION dropout_control.out_of_school_children(bigint, bigint, bigint, date, date) FROM PUBLIC;
            GRANT EXECUTE ON FUNCTION dropout_control.out_of_school_children(bigint, bigint, bigint, date, date) TO tonghu_app;

            GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA dropout_control TO tonghu_app;
            REVOKE INSERT, UPDATE ON dropout_control.enrolments, dropout_control.snapshots, dropout_control.current_snapshots FROM tonghu_app;
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA dropout_control TO tonghu_app;
            """)
}
