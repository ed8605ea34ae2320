import ArgumentParser
import Contract
import HealthScreeningInterface

/// 健康筛查 — the Health screening programme. It owns schema `health_screening` (`Schema/`), the `health-screening.*` permissions and roles, the
/// routes under `/api/v1/health-screening` (`Notes/`), the `tonghu health-screening …` commands (`Commands/`) and the events of
/// `HealthScreeningInterface`, the one target other programmes may import.
public struct HealthScreeningProgramme: Programme {
    public static let id = "health-screening"
    public static let title = Localized(zh: "健康筛查", en: "Health screening")
    public static let command: (any ParsableCommand.Type)? = HealthScreeningCommand.self

    public init() {}

    public var migrations: [Migration] { HealthScreeningSchema.migrations }
    public var permissions: [Permission] { HealthScreeningPermissions.all }
    public var roles: [Role] { HealthScreeningPermissions.roles }
    public var topics: [AnyEventTopic] { [.init(HealthScreeningTopics.noteAdded)] }
    public var districtReferences: [DistrictReference] { [DistrictReference(table: "health_screening.notes", column: "district")] }

    public func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
        NoteEndpoints(notes: NoteRepository(context: context)).endpoints
    }
}

/// The programme's permissions and roles; a role is granted in a district and reaches its subtree.
public enum HealthScreeningPermissions {
    public static let noteRead: Permission = "health-screening.note.read"
    public static let noteWrite: Permission = "health-screening.note.write"

    public static let all = [noteRead, noteWrite]

    public static let roles: [Role] = [
        Role("health-screening.staff", title: .init(zh: "健康筛查工作人员", en: "Health screening staff"), permissions: all),
        Role("health-screening.viewer", title: .init(zh: "健康筛查只读查看", en: "Health screening viewer"), permissions: [noteRead])
    ]
}
