import Contract
import Foundation
import NIOCore
import Pinyin
import Schedules

/// Files to open in one statement (`BulkOpen`), held column by column as the statement binds them: the checked and
/// encrypted core fields, the colour and first visit due, the parent statuses and the derived categories.
struct OpeningBatch: Sendable {
    /// The lines of the import file this batch covers (header excluded); `nil` when it holds only refused records.
    var lines: ClosedRange<Int>?
    /// Rows refused while reading and checking, each with its line, field and reason.
    var rejected: [Problem] = []
    /// Rows whose ID number came earlier in the same batch: the file is opened once.
    var repeated = 0

    let keyID: String
    /// The import file's line of each row.
    private(set) var rowLines: [Int] = []
    private(set) var ciphers: [ByteBuffer] = []
    private(set) var blindIndexes: [ByteBuffer] = []
    private(set) var masked: [String] = []
    private(set) var names: [String] = []
    /// The pinyin initials of each name, every reading, joined by `separator` (for the roster's name search).
    private(set) var nameInitials: [String] = []
    private(set) var sexes: [String] = []
    private(set) var birthDates: [String] = []
    private(set) var residences: [Int64] = []
    private(set) var hukous: [Int64] = []
    /// `rural`, `urban`, or empty when the file did not say.
    private(set) var hukouTypes: [String] = []
    private(set) var colours: [String] = []
    private(set) var nextVisitsDue: [String] = []
    /// The visit cadence of each row's residence (its risk scheme), whose first visit the schedule engine plans.
    private(set) var visitCadences: [ScheduleDeclaration] = []
    /// The derived categories of each row, joined by `separator` (the payload of `registry.child.registered`).
    private(set) var categoryLists: [String] = []
    /// Each row's contacts with masked phones (JSON), and the list sealed under `keyID` (empty without contacts).
    private(set) var contacts: [String] = []
    private(set) var contactCiphers: [ByteBuffer] = []

    /// Parent statuses, one entry each; `parentRows` is the 1-based position of the row in the batch.
    private(set) var parentRows: [Int64] = []
    private(set) var parents: [String] = []
    private(set) var conditions: [String] = []
    private(set) var conditionsSince: [String] = []

    /// Derived categories, one entry each, with the rule and the facts (joined by `separator`) that made them.
    private(set) var categoryRows: [Int64] = []
    private(set) var categories: [String] = []
    private(set) var rules: [String] = []
    private(set) var facts: [String] = []

    /// Joins lists into one text per row (unit separator: never in a name, rule or fact).
    static let separator = "\u{1F}"

    init(lines: ClosedRange<Int>?, keyID: String) {
        self.lines = lines
        self.keyID = keyID
    }

    /// Rows to write.
    var count: Int { names.count }

    /// Adds one row's file: `sealed` and `contacts` under `keyID`, opening with `colour` and its first visit due on `due`.
    mutating func append(
        _ row: ImportRow, blindIndex: Data, sealed: Data, contacts: SealedContacts, colour: RiskColour, due: CalendarDate,
        cadence: ScheduleDeclaration, derived: [Derivation]
    ) {
        let child = row.child
        rowLines.append(row.line)
        ciphers.append(ByteBuffer(bytes: sealed))
        blindIndexes.append(ByteBuffer(bytes: blindIndex))
        masked.append(child.id.masked)
        names.append(child.name)
        nameInitials.append(PinyinInitials.variants(of: child.name).joined(separator: Self.separator))
        sexes.append(child.id.sex.rawValue)
        birthDates.append(child.id.birthDate.description)
        residences.append(child.residence.value)
        hukous.append(child.hukou.value)
        hukouTypes.append(row.request.details.hukouType?.rawValue ?? "")
        colours.append(colour.rawValue)
        nextVisitsDue.append(due.description)
        visitCadences.append(cadence)
        categoryLists.append(derived.map(\.category.rawValue).joined(separator: Self.separator))
        self.contacts.append(contacts.masked)
        contactCiphers.append(ByteBuffer(bytes: contacts.cipher ?? Data()))
        let position = Int64(count)
        for status in row.request.parents ?? [] {
            parentRows.append(position)
            parents.append(status.parent.rawValue)
            conditions.append(status.condition.rawValue)
            conditionsSince.append(status.since.description)
        }
        for derivation in derived {
            categoryRows.append(position)
            categories.append(derivation.category.rawValue)
            rules.append(derivation.rule)
            facts.append(derivation.facts.joined(separator: Self.separator))
        }
    }
}
