import Contract
import Foundation
import Schedules

/// Turns an import file into `OpeningBatch`es, one at a time: rows read and checked (GB 11643 ID number, name,
/// district codes in force), the ID number encrypted and blind-indexed, the first colour, visit and categories derived
/// from the residence district's policy. An actor, so the importer prepares the next batch while the last one is written.
actor ImportPreparer {
    private var reader: ImportReader
    private var references: ImportReferences
    private let keyring: Keyring
    private let today: CalendarDate
    /// Rows with neither district inside are refused; `nil`: every district.
    private let scope: DistrictScope?

    init(reader: ImportReader, references: ImportReferences, keyring: Keyring, scope: DistrictScope? = nil) {
        self.reader = reader
        self.references = references
        self.keyring = keyring
        self.today = reader.today
        self.scope = scope
    }

    /// The next batch, or `nil` at the end of the file.
    func next() async throws -> OpeningBatch? {
        guard let read = reader.next() else { return nil }
        var references = self.references
        try await references.load(for: read.rows)
        self.references = references
        var batch = OpeningBatch(lines: read.lines, keyID: keyring.active)
        batch.rejected = read.rejected
        var seen = Set<Data>(minimumCapacity: read.rows.count)
        // The first colour, visit and cadence depend on the residence's policy alone: planned once per village a batch.
        var openings: [Int64: Opening] = [:]
        for row in read.rows {
            if let refusal = scope?.refusal(residence: row.child.residence, hukou: row.child.hukou) {
                batch.rejected.append(refusal.at(row: row.line))
                continue
            }
            if let problem = references.unknownDistrict(row) {
                batch.rejected.append(problem)
                continue
            }
            let blindIndex = keyring.blindIndex(row.child.id)
            guard seen.insert(blindIndex).inserted else {
                batch.repeated += 1
                continue
            }
            let policy = references.policy(for: row.child.residence)
            let opening = try openings[row.child.residence.value] ?? Opening(scheme: policy.scheme, opened: today, in: row.child.residence)
            openings[row.child.residence.value] = opening
            let facts = ChildFacts(
                birthDate: row.child.id.birthDate, hukouType: row.request.details.hukouType ?? .urban, parents: row.request.parents ?? [])
            batch.append(
                row, blindIndex: blindIndex, sealed: keyring.seal(row.child.id).ciphertext,
                contacts: SealedContacts(row.request.details.contacts ?? [], keyring: keyring), colour: opening.colour,
                due: opening.due, cadence: opening.cadence,
                derived: CategoryRules.derive(facts, on: today, rules: policy.rules))
        }
        return batch
    }

    /// How a file opens under a residence's risk scheme: its lowest colour, the first visit due and the visit cadence.
    private struct Opening {
        let colour: RiskColour
        let due: CalendarDate
        let cadence: ScheduleDeclaration

        init(scheme: RiskScheme, opened: CalendarDate, in residence: DistrictCode) throws {
            colour = scheme.lowest
            due = try VisitCadence.firstDue(opened: opened, scheme: scheme, in: residence)
            cadence = try VisitCadence.declaration(scheme)
        }
    }
}
