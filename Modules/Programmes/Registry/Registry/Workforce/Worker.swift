import Contract
import Foundation

/// 工作队伍台账 — one child director (儿童主任) of a village or child supervisor (儿童督导员) of a township, by
/// real name, with appointment and training.
struct Worker: Encodable, Sendable {
    enum Role: String, Codable, Sendable, PostgresTextEnum {
        /// 村(居)儿童主任, appointed per village (level 5).
        case director
        /// 乡镇(街道)儿童督导员, appointed per township (level 4).
        case supervisor

        var level: Int { self == .director ? 5 : 4 }
    }

    let id: Int64
    let district: DistrictCode
    let role: Role
    let name: String
    /// `139****1111`, what every reader gets (the number itself is sealed, `WorkforceRepository.phoneColumn`).
    let phoneMasked: String?
    /// The number in full: only `GET /workers/{id}` for a holder of `registry.pii.read` in the worker's district, audited.
    var phone: String?
    let appointedOn: CalendarDate
    let endedOn: CalendarDate?
    let endReason: String?
    let trainings: Int
    let trainingHours: Double

    static let columns = """
        w.id, w.district, w.role, w.name, w.phone_masked, w.appointed_on, w.ended_on, w.end_reason,
        (SELECT count(*) FROM registry.trainings t WHERE t.worker_id = w.id),
        (SELECT COALESCE(sum(t.hours), 0)::float8 FROM registry.trainings t WHERE t.worker_id = w.id)
        """
    typealias Row = (Int64, DistrictCode, Role, String, String?, CalendarDate, CalendarDate?, String?, Int, Double)

    init(_ row: Row) {
        id = row.0
        district = row.1
        role = row.2
        name = row.3
        phoneMasked = row.4
        appointedOn = row.5
        endedOn = row.6
        endReason = row.7
        trainings = row.8
        trainingHours = row.9
    }
}

/// Appointing someone.
struct Appointment: Decodable, Sendable {
    let district: String
    let role: Worker.Role
    let name: String
    let phone: String?
    let appointedOn: CalendarDate
}

/// One training attended.
struct Training: Codable, Sendable {
    let heldOn: CalendarDate
    let title: String
    let hours: Double
    let provider: String?
}

/// 儿童主任覆盖率 (seed 003's indicator table): villages with at least one child director in post, and townships
/// with a supervisor, over those in force in the district's subtree.
struct WorkforceCoverage: Encodable, Sendable {
    let district: DistrictCode
    let villages: Int
    let villagesWithDirector: Int
    let directorCoverage: Double?
    let townships: Int
    let townshipsWithSupervisor: Int
    let supervisorCoverage: Double?
    /// Workers in post trained at least once in the last twelve months, over workers in post.
    let trainedLastYear: Double?
}
