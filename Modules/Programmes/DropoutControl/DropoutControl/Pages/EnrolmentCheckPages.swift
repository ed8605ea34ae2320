import CSVFiles
import Contract
import Foundation
import PostgresNIO

/// 学籍库快照预检 — a school's or the county's enrolment-registry export checked in the browser before it is loaded:
/// the file chosen in a `multipart/form-data` form is read row by row with the checks of `EnrolmentImport`
/// (`EnrolmentRow`: ID number, district in force, grade, status, header by name), and each refused row is shown with
/// its line, field and message. Nothing is written: loading replaces the whole term's snapshot in a partition of its
/// own, which is the schema owner's work (`tonghu dropout-control import-enrolment`), not the gateway's role's.
struct EnrolmentCheckPages {
    let context: ProgrammeContext
    let spool = UploadSpool()

    static let title = Localized(zh: "学籍库快照预检", en: "Check an enrolment file")
    static let path = DropoutPages.prefix + "/enrolment-check"
    /// As the registry's upload: 50 MB, a county's export with room to spare.
    static let limit = 50 << 20

    struct Outcome {
        let accepted: Int
        let rejected: [Problem]
    }

    var pages: [Page] {
        [
            Page(
                .get, "/enrolment-check", title: Self.title, access: .permission(DropoutPermissions.comparisonRun),
                navigation: .init(Self.title, order: 40)
            ) { _, page in
                .content(form(page))
            },
            Page(.post, "/enrolment-check", title: Self.title, access: .permission(DropoutPermissions.comparisonRun)) {
                [spool] request, page in
                let upload = try await page.call.upload(request, into: spool, limit: Self.limit)
                defer { try? upload.close() }
                let outcome = try await check(upload, call: page.call)
                page.call.auditRead(
                    "enrolment.check", entity: "file", entityID: "\(outcome.accepted) accepted, \(outcome.rejected.count) refused",
                    child: nil)
                return .content(
                    HTML {
                        report(page, outcome)
                        form(page)
                    })
            }
        ]
    }

    /// Reads every row of `file` as the import would; nothing is written.
    func check(_ file: FileHandle, call: Call) async throws -> Outcome {
        var districts: [Int64: DistrictCode] = [:]
        for code in try await call.transaction({ try await districtsInForce($0) }) {
            districts[code.value] = code
        }
        let reader: CSVReader
        do { reader = try CSVReader(handle: file, name: "upload") } catch {
            throw Problem.invalid("file", error.description, error.description)
        }
        let source = RowSource(reader: reader)
        let (keyring, today) = (context.children.keyring.current, context.clock.today())
        var accepted = 0
        while source.next(keyring: keyring, districts: districts, today: today) != nil { accepted += 1 }
        return Outcome(accepted: accepted, rejected: source.rejected)
    }

    /// The codes of every district in force (a school may sit anywhere in the country's tree).
    func districtsInForce(_ connection: PostgresConnection) async throws -> [DistrictCode] {
        try await connection.query("SELECT code FROM core.districts WHERE valid_to IS NULL", logger: context.logger)
            .decode(DistrictCode.self).collect()
    }

    func form(_ page: PageCall) -> HTML {
        page.uploadForm(post: Self.path) {
            HTML.element("p", ["class": "muted"]) {
                page.text(
                    .init(
                        zh:
                            "检查学籍库导出文件 (列: 身份证号, 姓名, 学校, 学校区划, 年级, 学籍状态) 的每一行, 不写入; 导入本学期快照请由县级管理员用 tonghu dropout-control import-enrolment。",
                        en: "Checks every row of an enrolment-registry export (ID number, name, school, school district, grade, status) "
                            + "without writing it; the county's administrator loads the term's snapshot with tonghu dropout-control import-enrolment."
                    ))
            }
            HTML.element("p", ["class": "field"]) {
                HTML.element("label", ["for": "field-file"]) { page.text(.init(zh: "CSV 或 xlsx 文件", en: "A CSV or xlsx file")) }
                HTML.void(
                    "input", ["id": "field-file", "name": "file", "type": "file", "accept": ".csv,.xlsx,text/csv", "required": "required"])
            }
            HTML.element("p") {
                HTML.element("button", ["type": "submit", "class": "primary"]) { page.text(.init(zh: "检查文件", en: "Check the file")) }
            }
        }
    }

    func report(_ page: PageCall, _ outcome: Outcome) -> HTML {
        HTML.element("section", ["class": "panel"]) {
            HTML.element("h2") { page.text(.init(zh: "预检结果", en: "Result")) }
            HTML.element("p", ["class": "banner", "role": "status"]) {
                page.text(
                    .init(
                        zh: "正确 \(outcome.accepted) 行, 出错 \(outcome.rejected.count) 行 (未写入)",
                        en: "\(outcome.accepted) rows correct, \(outcome.rejected.count) refused (nothing written)"))
            }
            if !outcome.rejected.isEmpty { page.refusals(outcome.rejected) }
        }
    }
}
