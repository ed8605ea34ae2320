import CSVFiles
import Contract
import Foundation
import PostgresNIO

/// Writes a district's roster page by page as CSV (UTF-8 with BOM, CRLF) or xlsx (see ``RosterCSV``). ID and phone
/// numbers are masked unless `reveal`, which is audited.
struct RegistryExport: Sendable {
    let platform: any AdminPlatform
    let actor: String

    func write(district: DistrictCode, reveal: Bool, format: ExportFormat = .csv, to handle: FileHandle) async throws -> Int {
        let owner = try platform.requireOwner()
        let files = FileRepository(context: platform.context)
        var writer = try TableWriter(format, columns: RosterCSV.columns(format), sheetName: "名册", fileHandle: handle)
        var names: [DistrictCode: String] = [:]
        var filter = FileRepository.RosterFilter(district: district, limit: 1_000)
        var count = 0
        let today = platform.context.clock.today()
        while true {
            let current = filter
            let page = try await owner.withConnection { try await files.roster(current, today: today, $0) }
            let contacts = try await owner.withConnection { try await files.contacts(of: page.map(\.id), $0) }
            let hukou = try await owner.withConnection { try await files.hukouDistricts(of: page.map(\.id), $0) }
            try await RosterCSV.addNames(of: page, to: &names, format: format, districts: platform.context.districts)
            for entry in page {
                var number = entry.idNumberMasked
                if reveal, let child = try await owner.withConnection({ try await platform.context.children.find(entry.id, on: $0) }) {
                    number = platform.context.children.unmasked(child).idNumber ?? number
                }
                let sealed = contacts[entry.id]
                let shown = reveal ? sealed?.opened(keyring: platform.context.children.keyring) : sealed?.maskedContacts
                try writer.write(
                    RosterCSV.fields(
                        entry, idNumber: number, hukou: hukou[entry.id], contacts: shown ?? [], format: format, districtNames: names))
            }
            count += page.count
            guard page.count == filter.limit, let last = page.last else { break }
            filter.after = last.id
        }
        try writer.finish()
        try await owner.withConnection { connection in
            try await platform.context.audit.record(
                AuditEntry(
                    actor: actor, action: reveal ? "file.export.reveal" : "file.export",
                    programme: RegistryProgramme.id, entity: "district", entityID: district.description), on: connection)
        }
        return count
    }
}
