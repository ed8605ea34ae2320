import Contract
import Foundation

/// The benchmark's newborns of 武进区 (one hospital, born over 150 days), each with a PKU chain holding its signed
/// consent and a blood spot taken 80 hours after birth, so a result is its next step; written by SQL as the owner.
enum ScreeningCohort {
    static let district = 320_412_000_000
    static let hospital = "武进区妇幼保健院"

    static func statements(newborns: Int) -> [String] {
        [
            "INSERT INTO core.districts (code, name, level) VALUES (\(district), '武进区', 3) ON CONFLICT DO NOTHING",
            """
            INSERT INTO health_screening.newborns (district, birth_district, mother_id_index, mother_id_cipher, mother_id_key,
                mother_id_masked, born_at, sex, birth_order, hospital, hospital_record, registered_by)
            SELECT \(district), \(district), int8send(g), '\\x00'::bytea, 'bench', '320412********0000',
                timestamptz '2026-06-01 08:00+08' + (g % 150) * interval '1 day' + (g % 1440) * interval '1 minute',
                CASE WHEN g % 2 = 0 THEN 'M' ELSE 'F' END, 1, '\(hospital)', 'ZY' || g, 'bench'
            FROM generate_series(1, \(newborns)) g
            """,
            """
            INSERT INTO health_screening.chains (newborn, condition, title_zh, title_en, method)
            SELECT id, 'pku', '苯丙酮尿症', 'Phenylketonuria', 'blood-spot' FROM health_screening.newborns
            """,
            """
            INSERT INTO health_screening.steps (chain, position, link, state, occurred_at, institution, recorded_by, recorded_at)
            SELECT c.id, s.position, s.link, s.state, n.born_at + s.after, s.institution, 'bench', now()
            FROM health_screening.chains c JOIN health_screening.newborns n ON n.id = c.newborn
            CROSS JOIN (VALUES (1, 'consent', 'signed', interval '1 hour', NULL), (2, 'screen', 'done', interval '80 hours', '\(hospital)'))
                AS s(position, link, state, after, institution)
            """,
            "ANALYZE"
        ]
    }

    /// One negative PKU result per newborn, a week after birth, as a laboratory exports it (on one line for `\copy`).
    static let resultsQuery =
        "SELECT hospital AS 助产机构, hospital_record AS 住院号, 'pku' AS 筛查病种, '阴性' AS 结果, "
        + "to_char((born_at + interval '7 days') AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+08:00\"') AS 报告时间, "
        + "'常州市新生儿疾病筛查中心' AS 检测机构, '2.1' AS 检测值 FROM health_screening.newborns ORDER BY hospital_record"
}

extension DatabaseConfiguration {
    /// `postgresql://user:password@host:port/database`, for psql and the CLI.
    var url: String {
        "postgresql://\(username):\(password ?? "")@\(host):\(port)/\(database)"
    }
}
