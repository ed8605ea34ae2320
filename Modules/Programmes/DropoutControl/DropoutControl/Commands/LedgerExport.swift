import CSVFiles
import Contract
import Foundation

/// Writes a term's three ledgers for a district subtree as one table, page by page, ID numbers masked; the export is
/// audited. CSV (UTF-8 with BOM, CRLF) keeps the codes; xlsx shows the states and groups in Chinese and the district's
/// name beside its code, every cell text. 所在侧 says, on the out-of-school ledger, whether the child is there as a resident
/// (居住地) or by household registration (户籍地) — a child can be on two counties' ledgers, one on each side.
struct LedgerExport: Sendable {
    let platform: any AdminPlatform
    let actor: String

    static let header = ["台账", "编号", "儿童编号", "姓名", "身份证号", "出生日期", "区划", "学校", "状态", "立案日期", "重点群体", "所在侧"]

    /// The columns of `format`: xlsx adds 区划名称 after 区划.
    static func columns(_ format: ExportFormat) -> [SheetColumn] {
        let widths = [10, 38, 38, 10, 20, 12, 14, 24, 12, 12, 24, 10]
        var columns = zip(header, widths).map { SheetColumn($0, width: $1) }
        if format == .xlsx { columns.insert(SheetColumn("区划名称", width: 24), at: 7) }
        return columns
    }

    func write(district: DistrictCode, term: Term, format: ExportFormat = .csv, to handle: FileHandle) async throws -> Int {
        let owner = try platform.requireOwner()
        let ledgers = LedgerRepository(context: platform.context)
        var writer = try TableWriter(format, columns: Self.columns(format), sheetName: "台账", fileHandle: handle)
        let labelled = format == .xlsx
        var districtNames: [DistrictCode: String] = [:]
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
                if labelled {
                    for code in Set(entries.map(\.district)) where districtNames[code] == nil {
                        districtNames[code] = try await platform.context.districts.find(code)?.name ?? ""
                    }
                }
                for entry in entries {
                    let state = labelled ? entry.state.map { CaseState(rawValue: $0)?.chineseName ?? $0 } : entry.state
                    let groups = labelled ? entry.groups.map { PriorityGroup(rawValue: $0)?.chineseName ?? $0 } : entry.groups
                    var fields = [
                        names[ledger]!, entry.id.uuidString, entry.child?.uuidString ?? "", entry.name, entry.idNumberMasked ?? "",
                        entry.birthDate?.description ?? "", entry.district.description, entry.school ?? "", state ?? "",
                        entry.openedOn?.description ?? "", groups.joined(separator: "、"),
                        (labelled ? entry.side?.chineseName : entry.side?.rawValue) ?? ""
                    ]
                    if labelled { fields.insert(districtNames[entry.district] ?? "", at: 7) }
                    try writer.write(fields)
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
