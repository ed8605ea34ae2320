@_exported import Access
import ArgumentParser
@_exported import Audit
@_exported import Children
@_exported import Database
@_exported import Districts
@_exported import Events
@_exported import HTTPKit
@_exported import Notifications
@_exported import Policy
import ServiceLifecycle
@_exported import Vocabulary
@_exported import WorkCalendar

/// 业务模块 — a programme a department deploys on the shared core (registry, dropout control, …), declared in one
/// type. The catalogue lists the compiled-in programmes; a deployment enables some of them by configuration, and
/// only enabled programmes are migrated, mounted at `/api/v1/<id>`, subscribed and started.
///
/// Rules every programme follows (checked by `ProgrammeConformance`): the id is kebab-case; its schema is the id
/// with `-` → `_`; permissions, roles, policy keys and event topics start with `<id>.`; every endpoint requires a
/// permission unless declared public; migrations apply cleanly on an empty database.
public protocol Programme: Sendable {
    /// kebab-case, e.g. `dropout-control`.
    static var id: String { get }
    static var title: Localized { get }
    /// The `tonghu <id> …` subcommand group, if the programme has admin commands.
    static var command: (any ParsableCommand.Type)? { get }

    init()

    var migrations: [Migration] { get }
    var permissions: [Permission] { get }
    var roles: [Role] { get }
    var policyKeys: [AnyPolicyKey] { get }
    /// The event topics the programme publishes, each with its payload type.
    var topics: [AnyEventTopic] { get }
    /// Columns of the programme's tables that hold district codes; district merges and moves re-home them.
    var districtReferences: [DistrictReference] { get }
    /// Columns of the programme's tables sealed with the keyring; `tonghu keys rotate` re-encrypts them.
    var sealedColumns: [SealedColumn] { get }

    func endpoints(_ context: ProgrammeContext) -> [Endpoint]
    func subscriptions(_ context: ProgrammeContext) -> [EventSubscription]
    func services(_ context: ProgrammeContext) -> [any Service]
    /// The programme's pages in the web console (工作台), at `/<id><path>`; none by default.
    func pages(_ context: ProgrammeContext) -> [Page]
    /// The programme's panels on the console's home page; none by default.
    func panels(_ context: ProgrammeContext) -> [HomePanel]
}

extension Programme {
    public static var command: (any ParsableCommand.Type)? { nil }
    public var policyKeys: [AnyPolicyKey] { [] }
    public var topics: [AnyEventTopic] { [] }
    public var districtReferences: [DistrictReference] { [] }
    public var sealedColumns: [SealedColumn] { [] }
    public func subscriptions(_ context: ProgrammeContext) -> [EventSubscription] { [] }
    public func services(_ context: ProgrammeContext) -> [any Service] { [] }
    public func pages(_ context: ProgrammeContext) -> [Page] { [] }
    public func panels(_ context: ProgrammeContext) -> [HomePanel] { [] }

    /// The PostgreSQL schema the programme owns.
    public static var schema: String { id.replacingOccurrences(of: "-", with: "_") }

    public var migrationSet: MigrationSet { MigrationSet(owner: Self.id, migrations: migrations) }
}
