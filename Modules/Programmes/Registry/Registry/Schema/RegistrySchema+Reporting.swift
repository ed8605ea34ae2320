import Contract

extension RegistrySchema {
    /// Migration 8: the registry's reporting views for BI tools (core migration 11's `reporting` schema and logins):
    /// one row per child, per visit, and per district with its figures — never an ID number, a name, a phone number or
    /// free text; ages as of the day the BI tool asks. Each view keeps to the login's districts (residence or
    /// household registration, as the registry's own policy does).
    static let reporting = Migration(
        8, "reporting views for read-only BI logins",
        """
        CREATE VIEW reporting.registry_children WITH (security_barrier) AS
            SELECT f.child_id, f.residence_district, f.residence_district / 1000 * 1000 AS residence_township,
                   f.residence_district / 1000000 * 1000000 AS residence_county, f.hukou_district, f.responsible_district,
                   c.sex, date_trunc('month', f.birth_date)::date AS birth_month,
                   extract(year FROM age(current_date, f.birth_date))::int AS age_years,
                   f.hukou_type, f.boarding, f.in_institution, f.deceased, f.risk_colour,
                   ARRAY(SELECT k.category FROM registry.categories k WHERE k.child_id = f.child_id AND k.ends IS NULL ORDER BY k.category)
                       AS categories,
                   f.last_visit_on, f.next_visit_due, f.next_visit_due < current_date AS visit_overdue
            FROM registry.files f JOIN core.children c ON c.id = f.child_id
            WHERE f.residence_district <@ core.reporting_scope() OR f.hukou_district <@ core.reporting_scope();

        CREATE VIEW reporting.registry_visits WITH (security_barrier) AS
            SELECT v.id AS visit_id, v.child_id, f.residence_district, v.visited_on, v.mode, v.visitor_role, v.colour_after,
                   v.next_due, v.reviewed_by IS NOT NULL AS reviewed
            FROM registry.visits v JOIN registry.files f ON f.child_id = v.child_id
            WHERE f.residence_district <@ core.reporting_scope() OR f.hukou_district <@ core.reporting_scope();

        CREATE VIEW reporting.registry_district_figures WITH (security_barrier) AS
            SELECT f.residence_district AS district, d.name AS district_name, count(*) AS children,
                   count(*) FILTER (WHERE f.risk_colour = 'red') AS red,
                   count(*) FILTER (WHERE f.risk_colour = 'yellow') AS yellow,
                   count(*) FILTER (WHERE f.risk_colour = 'green') AS green,
                   count(*) FILTER (WHERE f.next_visit_due < current_date AND NOT f.deceased) AS visits_overdue,
                   count(*) FILTER (WHERE f.last_visit_on IS NOT NULL) AS ever_visited
            FROM registry.files f JOIN core.districts d ON d.code = f.residence_district
            WHERE f.residence_district <@ core.reporting_scope()
            GROUP BY f.residence_district, d.name;

        GRANT SELECT ON reporting.registry_children, reporting.registry_visits, reporting.registry_district_figures
            TO tonghu_reporting;
        """)
}
