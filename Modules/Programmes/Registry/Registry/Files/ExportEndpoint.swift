import CSVFiles
import Contract
import Foundation
import Hummingbird
import NIOCore
import PostgresNIO

/// `GET /api/v1/registry/exports/roster` — the filtered roster as CSV (`format=csv`, the default, for scripts: UTF-8
/// with BOM, CRLF) or as an xlsx workbook (`format=xlsx`, for Excel: ID numbers and codes as text, Chinese labels,
/// district names), streamed page by page. ID and phone numbers are masked unless the caller holds `registry.pii.read` in the
/// child's district; every unmasked row is audited as a reveal, and the export itself once.
struct ExportEndpoint {
    let files: FileRepository

    static let format = QueryInput<ExportFormat>.enumeration("format", "导出格式: csv (默认, 供脚本) 或 xlsx (Excel、WPS 直接打开)", default: .csv)

    var endpoint: Endpoint {
        Endpoint(
            .get, "/exports/roster",
            summary: .init(zh: "导出名册 CSV 或 xlsx (筛选条件同名册; 身份证号按权限脱敏)", en: "Export the filtered roster as CSV or xlsx"),
            access: .permission(RegistryPermissions.fileExport),
            inputs: [RegistryInputs.district, Self.format] + RosterQuery.filters,
            response: .media("text/csv", "名册 CSV (UTF-8 BOM, CRLF); format=xlsx 时为 xlsx 工作簿")
        ) { _, call in
            var filter = try RosterQuery.filter(call)
            let district = try call.input(RegistryInputs.district)
            let format = try call.input(Self.format)
            filter.district = district
            filter.limit = 1_000
            try await call.transaction { connection in
                try await call.audit("file.export", entity: "district", entityID: district.description, on: connection)
            }
            let first = filter
            let today = call.clock.today()
            let body = ResponseBody { writer in
                var filter = first
                var table = try TableBuffer(format)
                var names: [DistrictCode: String] = [:]
                while true {
                    let page = filter
                    let rows = try await call.transaction(narrowedTo: district) { connection in
                        var rows: [(entry: RosterEntry, idNumber: String, hukou: DistrictCode?, contacts: [Contact])] = []
                        let entries = try await files.roster(page, today: today, connection)
                        let contacts = try await files.contacts(of: entries.map(\.id), connection)
                        let hukou = try await files.hukouDistricts(of: entries.map(\.id), connection)
                        for entry in entries {
                            let sealed = contacts[entry.id]
                            let shown = try await revealed(entry, sealed, call: call, connection)
                            rows.append(
                                (
                                    entry, shown?.idNumber ?? entry.idNumberMasked, hukou[entry.id],
                                    shown?.contacts ?? sealed?.maskedContacts ?? []
                                ))
                        }
                        return rows
                    }
                    try await RosterCSV.addNames(of: rows.map(\.entry), to: &names, format: format, districts: call.context.districts)
                    for row in rows {
                        try table.writer.write(
                            RosterCSV.fields(
                                row.entry, idNumber: row.idNumber, hukou: row.hukou, contacts: row.contacts, format: format,
                                districtNames: names))
                    }
                    try await writer.write(table.take())
                    guard rows.count == filter.limit, let last = rows.last else { break }
                    filter.after = last.entry.id
                }
                try table.writer.finish()
                try await writer.write(table.take())
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: format.contentType,
                    .contentDisposition: "attachment; filename=\"roster-\(district).\(format.fileExtension)\""
                ], body: body)
        }
    }

    /// The row's ID number and phones opened when the caller may see them in the child's residence district (each such
    /// row audited); `nil` otherwise, nothing opened.
    func revealed(_ entry: RosterEntry, _ contacts: SealedContacts?, call: Call, _ connection: PostgresConnection) async throws
        -> (idNumber: String, contacts: [Contact])?
    {
        try await call.reveal(
            RegistryPermissions.piiRead, in: [entry.residenceDistrict], audit: "pii.reveal", entity: "file",
            entityID: entry.id.uuidString, child: entry.id
        ) {
            guard let child = try await call.context.children.find(entry.id, on: connection),
                let number = call.context.children.unmasked(child).idNumber
            else { return nil }
            return (number, contacts?.opened(keyring: call.context.children.keyring) ?? [])
        }
    }
}

/// A table writer whose output is collected in memory between network writes.
private struct TableBuffer {
    private let sink = Sink()
    var writer: TableWriter

    init(_ format: ExportFormat) throws {
        writer = try TableWriter(format, columns: RosterCSV.columns(format), sheetName: "名册") { [sink] in sink.data.append($0) }
    }

    /// Everything written so far, as one buffer, emptying it.
    mutating func take() throws -> ByteBuffer {
        try writer.flush()
        defer { sink.data.removeAll(keepingCapacity: true) }
        return ByteBuffer(bytes: sink.data)
    }

    private final class Sink { var data = Data() }
}
