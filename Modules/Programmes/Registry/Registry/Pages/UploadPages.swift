import CSVFiles
import Contract
import Foundation

/// 批量导入 — the API's upload (`POST /imports`) as a page: a CSV or xlsx chosen in a `multipart/form-data` form, read
/// and written by the same `RegistryImport` under the caller's scope and row-level security. The main button imports
/// all or nothing (one bad row and nothing is written); the other keeps the valid rows. Each refused row is shown with
/// its line, field and message.
struct UploadPages {
    let spool = UploadSpool()
    static let title = Localized(zh: "批量导入", en: "Import")
    static let path = RegistryPages.prefix + "/imports"

    var pages: [Page] {
        [
            Page(
                .get, "/imports", title: Self.title, access: .permission(RegistryPermissions.fileImport),
                navigation: .init(Self.title, order: 70)
            ) { _, page in
                .content(form(page))
            },
            Page(
                .post, "/imports", title: Self.title, access: .permission(RegistryPermissions.fileImport),
                inputs: [UploadEndpoint.allOrNothing]
            ) { [spool] request, page in
                let call = page.call
                let allOrNothing = try call.input(UploadEndpoint.allOrNothing)
                let upload = try await call.upload(request, into: spool, limit: UploadEndpoint.limit)
                defer { try? upload.close() }
                let outcome = try await RegistryImport(call: call, batchSize: 2_000).run(.upload(upload), allOrNothing: allOrNothing)
                return .content(
                    HTML {
                        report(page, outcome, allOrNothing: allOrNothing)
                        form(page)
                    })
            }
        ]
    }

    func form(_ page: PageCall) -> HTML {
        page.uploadForm(post: Self.path, [("allOrNothing", "true")]) {
            HTML.element("p", ["class": "field"]) {
                HTML.element("label", ["for": "field-file"]) { page.text(.init(zh: "CSV 或 xlsx 文件", en: "A CSV or xlsx file")) }
                HTML.void(
                    "input", ["id": "field-file", "name": "file", "type": "file", "accept": ".csv,.xlsx,text/csv", "required": "required"])
                HTML.element("span", ["class": "muted"]) {
                    page.text(
                        .init(
                            zh: "列同 tonghu registry import; UTF-8 或 GB18030; 最大 50 MB",
                            en: "the columns of tonghu registry import; UTF-8 or GB18030; up to 50 MB"))
                }
            }
            HTML.element("p") {
                HTML.element("button", ["type": "submit", "class": "primary"]) {
                    page.text(.init(zh: "导入 (有一行出错则全部不导入)", en: "Import (nothing if any row is wrong)"))
                }
                " "
                HTML.element("button", ["type": "submit", "formaction": page.uploadAction(Self.path, [("allOrNothing", "false")])]) {
                    page.text(.init(zh: "只导入正确的行", en: "Import the valid rows only"))
                }
            }
        }
    }

    func report(_ page: PageCall, _ outcome: RegistryCommand.Import.Outcome, allOrNothing: Bool) -> HTML {
        let nothing = allOrNothing && !outcome.rejected.isEmpty
        return HTML.element("section", ["class": "panel"]) {
            HTML.element("h2") { page.text(.init(zh: "导入结果", en: "Result")) }
            HTML.element("p", ["class": "banner", "role": "status"]) {
                if nothing {
                    page.text(
                        .init(
                            zh: "有 \(outcome.rejected.count) 行出错, 全部未导入。请改正后重新上传",
                            en: "\(outcome.rejected.count) rows are wrong: nothing was imported. Correct them and upload again"))
                } else {
                    page.text(
                        .init(
                            zh: "建档 \(outcome.opened) 名, 已有档案 \(outcome.alreadyOpen) 名, 拒绝 \(outcome.rejected.count) 行",
                            en:
                                "\(outcome.opened) files opened, \(outcome.alreadyOpen) already open, \(outcome.rejected.count) rows refused"
                        ))
                }
            }
            if !outcome.rejected.isEmpty {
                RegistryPages.table(page, [Localized(zh: "行", en: "Line"), .init(zh: "字段", en: "Field"), .init(zh: "原因", en: "Reason")]) {
                    for problem in outcome.rejected.prefix(Self.shownRefusals) {
                        HTML.element("tr") {
                            HTML.element("td") { problem.row.map(String.init) ?? "—" }
                            HTML.element("td") { problem.field ?? "—" }
                            HTML.element("td") { page.text(problem.detail) }
                        }
                    }
                }
                if outcome.rejected.count > Self.shownRefusals {
                    HTML.element("p", ["class": "muted"]) {
                        page.text(
                            .init(
                                zh: "只列出前 \(Self.shownRefusals) 行; 全部错误可用 tonghu registry import 或接口查看",
                                en: "only the first \(Self.shownRefusals) are listed; the CLI or the API reports them all"))
                    }
                }
            }
        }
    }

    /// Refused rows listed on the page (it stays small on a phone); the CLI and the API list them all.
    static let shownRefusals = 200
}
