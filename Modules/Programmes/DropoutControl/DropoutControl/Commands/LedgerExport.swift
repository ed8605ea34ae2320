import CSVFiles
import Contract
import Foundation

/// Writes a term's three ledgers for a district subtree as one CSV, page by page (UTF-8 with BOM, CRLF), ID numbers
/// masked; the export is audited.
struct LedgerExport: Sendable {
    let platform: any AdminPlatform
    let actor: String

    func write(district: DistrictCode, term: Term, to handle: FileHandle) async throws -> Int {
        let owner = try platform.requireOwner()
        let ledgers = LedgerRepository(context: platform.context)
        var writer = CSVWriter(fileHandle: handle)
        try writer.write(["台账", "编号", "儿童编号", "姓名", "身份证号", "出生日期", "区划", "学校", "状态", "立案日期", "重点群体"])
        let names: [ComparisonRepository.Ledger: String] = [.outOfSchool: "适龄失学", .suspected: "疑似辍学", .dropout: "辍学"]
        var count = 0
        for ledger in ComparisonRepository.Ledger.allCases {
            var page = LedgerRepository.Page(district: district, term: term, limit: 1_000)
            while true {
                let current = page
                let entries: [LedgerRepository.Entry]
                do {
                    entries = try await owner.withConnection { try await ledgers.entries(ledger, current, $0) }
                } catch let problem as Problem where problem.status == 404 {
                    break
                }
                for entry in entries {
                    try writer.write([
                        names[ledger]!, entry.id.uuidString, entry.child?.uuidString ?? "", entry.name, entry.idNumberMasked ?? "",
                        entry.birthDate?.description ?? "", entry.district.description, entry.school ?? "", entry.state ?? "",
                        entry.openedOn?.description ?? "", entry.groups.joined(separator: "、")
                    ])
                }
                count += entries.count
                guard entries.count == page.limit, let last = entries.last else { break }
                page.after = last.id
            }
        }
        try writer.finish()
        try await owner.withConnection { connection in
            try await platform.context.audit.record(
                AuditEntry(
                    actor: actor, action: "ledger.export", programme: DropoutControlProgramme.id,
                    entity: "district", entityID: "\(district) \(term)"), on: connection)
        }
        return count
    }
}
