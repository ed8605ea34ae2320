import CSVFiles
import Contract
import Foundation
import Hummingbird
import NIOCore
import PostgresNIO

/// `GET /api/v1/registry/exports/roster` — the filtered roster as CSV that Excel opens as it is (UTF-8 with BOM,
/// CRLF), streamed page by page. ID and phone numbers are masked unless the caller holds `registry.pii.read` in the
/// child's district; every unmasked row is audited as a reveal, and the export itself once.
struct ExportEndpoint {
    let files: FileRepository

    var endpoint: Endpoint {
        Endpoint(
            .get, "/exports/roster", summary: .init(zh: "导出名册 CSV (筛选条件同名册; 身份证号按权限脱敏)", en: "Export the filtered roster as CSV"),
            access: .permission(RegistryPermissions.fileExport),
            inputs: [RegistryInputs.district] + RosterQuery.filters, response: .media("text/csv", "名册 CSV (UTF-8 BOM, CRLF)")
        ) { _, call in
            var filter = try RosterQuery.filter(call)
            let district = try call.input(RegistryInputs.district)
            filter.district = district
            filter.limit = 1_000
            try await call.transaction { connection in
                try await call.audit("file.export", entity: "district", entityID: district.description, on: connection)
            }
            let first = filter
            let today = call.clock.today()
            let body = ResponseBody { writer in
                var filter = first
                var csv = CSVBuffer()
                try csv.writer.write(RosterCSV.header)
                while true {
                    let page = filter
                    let rows = try await call.transaction(narrowedTo: district) { connection in
                        var rows: [[String]] = []
                        let entries = try await files.roster(page, today: today, connection)
                        let contacts = try await files.contacts(of: entries.map(\.id), connection)
                        for entry in entries {
                            let sealed = contacts[entry.id]
                            let shown = try await revealed(entry, sealed, call: call, connection)
                            rows.append(
                                RosterCSV.fields(
                                    entry, idNumber: shown?.idNumber ?? entry.idNumberMasked,
                                    contacts: shown?.contacts ?? sealed?.maskedContacts ?? []))
                        }
                        return rows
                    }
                    for row in rows { try csv.writer.write(row) }
                    try await writer.write(csv.take())
                    guard rows.count == filter.limit, let last = rows.last, let id = UUID(uuidString: last[0]) else { break }
                    filter.after = id
                }
                try await writer.write(csv.take())
                try await writer.finish(nil)
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/csv; charset=utf-8",
                    .contentDisposition: "attachment; filename=\"roster-\(district).csv\""
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

/// A CSV writer whose output is collected in memory between network writes.
private struct CSVBuffer {
    private let sink = Sink()
    lazy var writer = CSVWriter { [sink] in sink.data.append($0) }

    /// Everything written so far, as one buffer, emptying it.
    mutating func take() throws -> ByteBuffer {
        try writer.finish()
        defer { sink.data.removeAll(keepingCapacity: true) }
        return ByteBuffer(bytes: sink.data)
    }

    private final class Sink { var data = Data() }
}
