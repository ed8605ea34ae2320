import CSVFiles
import Contract
import Foundation
import Hummingbird
import NIOCore

/// 台账导出 — the three ledgers of a district and term as the console's download: the columns of `tonghu dropout-control
/// export` (CSV keeps the codes; xlsx shows Chinese labels and district names), read page by page under the caller's
/// row-level-security scope (not as the owner, as the CLI does) and streamed; ID numbers masked; the export audited
/// once (`ledger.export`).
struct LedgerDownload {
    let ledgers: LedgerRepository
    let context: ProgrammeContext

    static let format = QueryInput<ExportFormat>.enumeration("format", "导出格式: csv (默认, 供脚本) 或 xlsx (Excel、WPS 直接打开)", default: .csv)
    static let names: [ComparisonRepository.Ledger: String] = [.outOfSchool: "适龄失学", .suspected: "疑似辍学", .dropout: "辍学"]

    func response(_ call: Call, district: DistrictCode, term: Term, format: ExportFormat) async throws -> Response {
        try await call.transaction(narrowedTo: district) { connection in
            try await call.audit("ledger.export", entity: "district", entityID: "\(district) \(term)", on: connection)
        }
        let (ledgers, districts) = (ledgers, context.districts)
        let body = ResponseBody { writer in
            let sink = Sink()
            let columns = LedgerExport.columns(format)
            var table = try TableWriter(format, columns: columns, sheetName: "台账") { [sink] in sink.data.append($0) }
            var names: [DistrictCode: String] = [:]
            for ledger in ComparisonRepository.Ledger.allCases {
                var page = LedgerRepository.Page(district: district, term: term, limit: 1_000)
                while true {
                    let current = page
                    let entries: [LedgerRepository.Entry]
                    do {
                        entries = try await call.transaction(narrowedTo: district) { try await ledgers.entries(ledger, current, $0) }
                    } catch let problem as Problem where problem.status == 404 {
                        break // no comparison for the term yet
                    }
                    if format == .xlsx {
                        for code in Set(entries.map(\.district)) where names[code] == nil {
                            names[code] = try await districts.find(code)?.name ?? ""
                        }
                    }
                    for entry in entries {
                        let fields = Self.fields(entry, ledger, labelled: format == .xlsx, districtName: names[entry.district] ?? "")
                        try table.write(columns.map { fields[$0.title] ?? "" })
                    }
                    try table.flush()
                    try await writer.write(sink.take())
                    guard entries.count == page.limit, let last = entries.last else { break }
                    page.after = last.id
                }
            }
            try table.finish()
            try await writer.write(sink.take())
            try await writer.finish(nil)
        }
        let name = "台账-\(district)-\(term).\(format.fileExtension)"
        let encoded = name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "ledgers"
        return Response(
            status: .ok,
            headers: [
                .contentType: format.contentType, .cacheControl: "no-store",
                .contentDisposition:
                    "attachment; filename=\"ledgers-\(district)-\(term).\(format.fileExtension)\"; filename*=UTF-8''\(encoded)"
            ], body: body)
    }

    /// One entry's cells by column title; `labelled` (xlsx) writes states, groups and sides in Chinese.
    static func fields(_ entry: LedgerRepository.Entry, _ ledger: ComparisonRepository.Ledger, labelled: Bool, districtName: String)
        -> [String: String]
    {
        let state = entry.state.map { labelled ? CaseState(rawValue: $0)?.chineseName ?? $0 : $0 } ?? ""
        let groups = entry.groups.map { labelled ? PriorityGroup(rawValue: $0)?.chineseName ?? $0 : $0 }
        return [
            "台账": names[ledger] ?? ledger.rawValue, "编号": entry.id.uuidString, "儿童编号": entry.child?.uuidString ?? "", "姓名": entry.name,
            "身份证号": entry.idNumberMasked ?? "", "出生日期": entry.birthDate?.description ?? "", "区划": entry.district.description,
            "区划名称": districtName, "学校": entry.school ?? "", "状态": state, "立案日期": entry.openedOn?.description ?? "",
            "重点群体": groups.joined(separator: "、"), "所在侧": (labelled ? entry.side?.chineseName : entry.side?.rawValue) ?? ""
        ]
    }

    /// What the table writer produced since the last network write.
    private final class Sink: @unchecked Sendable {
        var data = Data()
        func take() -> ByteBuffer {
            defer { data.removeAll(keepingCapacity: true) }
            return ByteBuffer(bytes: data)
        }
    }
}
