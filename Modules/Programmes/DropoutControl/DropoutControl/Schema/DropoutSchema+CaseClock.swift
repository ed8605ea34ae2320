import Contract

extension DropoutSchema {
    /// 个案时限 on the schedule engine: every case under persuasion (state `dropout`, verified, not exited) gets the items
    /// of `CaseClock` in `core.schedule_items` (schedule `dropout-control.case-clock`, subject
    /// `dropout-control.case:<id>`, filed under the responsible district), as the engine plans them under the persuasion
    /// rule in force today for the district (`dropout-control.persuasion`, nearest district first, else 3 attempts and
    /// 15 days): `persuasion` planned, or done on the day it was exhausted (the latest day of the first failed attempts
    /// recorded up to the count, as `CaseClock.exhaustedOn`); `written-report` due on verification + days, or skipped
    /// once persuasion is exhausted; then `written-report-after-attempts` due from verification. Day bounds are
    /// midnights in China (UTC+8, as `ScheduleTime` counts). Idempotent: a case that already has an item keeps it.
    static let caseClock = Migration(
        7, "case clock on the schedule engine: back-fill the items of cases under persuasion",
        """
        WITH c AS (
            SELECT c.id, c.child_id, c.district, c.verified_on, 'dropout-control.case:' || c.id::text AS subject,
                   COALESCE((r.value ->> 'failedAttempts')::int, 3) AS attempts, GREATEST(COALESCE((r.value ->> 'days')::int, 15), 0) AS days
            FROM dropout_control.cases c
            LEFT JOIN LATERAL (
                SELECT p.value FROM core.policy_settings p
                WHERE p.key = 'dropout-control.persuasion' AND p.effective_from <= ((now() AT TIME ZONE 'UTC') + interval '8 hours')::date
                  AND (p.district IS NULL OR p.district = ANY (ARRAY[c.district / 10000000000 * 10000000000,
                       c.district / 100000000 * 100000000, c.district / 1000000 * 1000000, c.district / 1000 * 1000, c.district]))
                ORDER BY p.district DESC NULLS LAST, p.effective_from DESC LIMIT 1
            ) r ON true
            WHERE c.state = 'dropout' AND c.verified_on IS NOT NULL
              AND NOT EXISTS (
                  SELECT 1 FROM core.schedule_exits x WHERE x.subject = 'dropout-control.case:' || c.id::text AND x.undone_at IS NULL)
        ), e AS (
            SELECT c.*, CASE WHEN c.attempts <= 0 THEN c.verified_on WHEN f.n >= c.attempts THEN f.last END AS exhausted_on
            FROM c, LATERAL (
                SELECT count(*) AS n, max(attempted_on) AS last FROM (
                    SELECT a.attempted_on FROM dropout_control.attempts a WHERE a.case_id = c.id AND a.outcome <> 'returned'
                    ORDER BY a.id LIMIT GREATEST(c.attempts, 0)) recorded_first
            ) f
        ), wanted (subject, child_id, district, item, first_day, last_day, state, closed_on, skip_reason) AS (
            SELECT subject, child_id, district, 'persuasion', verified_on, verified_on + GREATEST(days - 1, 0),
                   CASE WHEN exhausted_on IS NULL THEN 'planned' ELSE 'done' END, exhausted_on, NULL
            FROM e
            UNION ALL
            SELECT subject, child_id, district, 'written-report', verified_on + days, verified_on + days,
                   CASE WHEN exhausted_on IS NULL THEN 'planned' ELSE 'skipped' END, exhausted_on,
                   CASE WHEN exhausted_on IS NOT NULL THEN '劝返未成功已达规定次数, 书面报告即时到期 (persuasion exhausted)' END
            FROM e
            UNION ALL
            SELECT subject, child_id, district, 'written-report-after-attempts', verified_on, verified_on + days, 'planned', NULL, NULL
            FROM e WHERE exhausted_on IS NOT NULL
        )
        INSERT INTO core.schedule_items (schedule, version, read_permission, subject, item, occurrence, required, child_id, district,
                                         due_from, due_by, expires, state, closed_at, skip_reason)
        SELECT 'dropout-control.case-clock', 1, 'dropout-control.case.read', subject, item, 1, true, child_id, district,
               (first_day::timestamp - interval '8 hours') AT TIME ZONE 'UTC', ((last_day + 1)::timestamp - interval '8 hours') AT TIME ZONE 'UTC',
               ((last_day + 1)::timestamp - interval '8 hours') AT TIME ZONE 'UTC', state,
               (closed_on::timestamp - interval '8 hours') AT TIME ZONE 'UTC', skip_reason
        FROM wanted
        ON CONFLICT (subject, schedule, item, occurrence) DO NOTHING;
        """)
}
