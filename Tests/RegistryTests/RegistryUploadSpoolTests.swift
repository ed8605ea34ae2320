import CSVFiles
import Foundation
import TestSupport
import Testing

/// The upload route through the real router: once it has answered, the body is in no file that has a name.
@Suite("registry upload spool")
struct RegistryUploadSpoolTests {
    @Test("after uploads (kept rows, refused rows, a body too large) no spool file has a name, open or not")
    func uploadLeavesNothing() async throws {
        let spool = UploadSpool()
        try await RegistryFixture.with { _, client, tokens in
            let csv =
                "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始\n"
                + "320412201505050015,张三明,320412100201,320412100201,农村,外出务工,2024-03-01,外出务工,2024-03-01\n"
                + "320412201505050016,王五,320412100201,320412100201,农村,,,,\n"
            let upload = try await client.call(.post, "/api/v1/registry/imports", token: tokens.manager, raw: csv)
            #expect(upload.status == .unprocessableContent, "\(upload.text)")
            #expect(upload.body["opened"] as? Int == 1)
            let tooLarge = String(repeating: "320412201505050015,张三明\n", count: (50 << 20) / 28 + 1)
            #expect(
                try await client.call(.post, "/api/v1/registry/imports", token: tokens.manager, raw: tooLarge).status == .contentTooLarge)
        }
        // Other tests of this process may be uploading now: their spool files are open, but never under a name.
        let open = Self.openFiles(under: spool.directory)
        #expect(open.allSatisfy { $0.hasSuffix(" (deleted)") }, "\(open)")
        let files = (try? FileManager.default.contentsOfDirectory(atPath: spool.directory.path)) ?? []
        #expect(files.isEmpty, "left in the spool: \(files)")
    }

    /// This process's descriptors open on files below `directory`.
    static func openFiles(under directory: URL) -> [String] {
        let descriptors = "/proc/self/fd"
        return ((try? FileManager.default.contentsOfDirectory(atPath: descriptors)) ?? []).compactMap {
            try? FileManager.default.destinationOfSymbolicLink(atPath: descriptors + "/" + $0)
        }.filter { $0.hasPrefix(directory.path + "/") }
    }
}
