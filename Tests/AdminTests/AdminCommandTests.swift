import Foundation
import Testing

/// The admin CLI end to end, on its own embedded cluster (started and stopped by each command).
@Suite("tonghu CLI", .serialized)
struct AdminCommandTests {
    @Test("provisioning a county from a fresh data directory: migrate, import districts, add and grant a user")
    func provisioning() throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = ["--data-dir", data.path]

        let dryRun = try CommandLine.tonghu(["db", "migrate", "--dry-run"] + dir)
        #expect(dryRun.status == 0, "\(dryRun.error)")
        #expect(dryRun.output.contains("将执行  core #1"))

        let status = try CommandLine.tonghu(["db", "status", "--json"] + dir)
        #expect(status.status == 0, "\(status.error)")
        #expect(status.output.contains("\"state\" : \"pending\""), "dry run applied nothing: \(status.output)")

        let csv = data.appendingPathComponent("districts.csv")
        try "code,name\n320000000000,江苏省\n320400000000,常州市\n320412000000,武进区\n32041210000,坏代码\n320412100000,湖塘镇\n320499100000,无上级镇\n".write(
            to: csv, atomically: true, encoding: .utf8)
        let imported = try CommandLine.tonghu(["district", "import", csv.path] + dir)
        #expect(imported.status == 65)
        #expect(imported.output.contains("新增 4 个"))
        #expect(imported.output.contains("第 5 行"))
        #expect(imported.output.contains("第 7 行"))

        let tree = try CommandLine.tonghu(["district", "tree", "320412000000"] + dir)
        #expect(tree.output.contains("湖塘镇"))

        let weak = try CommandLine.tonghu(["user", "add", "admin", "--password-stdin"] + dir, input: "short\n")
        #expect(weak.status == 65)
        #expect(weak.error.contains("12"))
        let common = try CommandLine.tonghu(["user", "add", "admin", "--password-stdin"] + dir, input: "Password2026!\n")
        #expect(common.status == 65)
        #expect(common.error.contains("密码过于常见"), "\(common.error)")
        #expect(try CommandLine.tonghu(["user", "add", "admin", "--password-stdin"] + dir, input: "a-long-enough-password\n").status == 0)
        let named = try CommandLine.tonghu(["user", "reset-password", "admin", "--password-stdin"] + dir, input: "admin-lantern-river\n")
        #expect(named.status == 65)
        #expect(named.error.contains("密码不能包含用户名"), "\(named.error)")
        #expect(try CommandLine.tonghu(["user", "grant", "admin", "core.admin", "--district", "320412000000"] + dir).status == 0)
        let unknownRole = try CommandLine.tonghu(["user", "grant", "admin", "core.nothing", "--district", "320412000000"] + dir)
        #expect(unknownRole.status == 65)
        let listed = try CommandLine.tonghu(["user", "list", "--json"] + dir)
        let accounts = try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [[String: Any]]
        #expect(accounts?.first?["username"] as? String == "admin")

        let purge = try CommandLine.tonghu(["audit", "purge", "--before", "2026-11-01"] + dir)
        #expect(purge.status == 65)
        #expect(purge.error.contains("183"))

        let roles = try CommandLine.tonghu(["role", "list"])
        #expect(roles.output.contains("core.admin"))

        let keyFile = data.appendingPathComponent("keys.json")
        let mode = try FileManager.default.attributesOfItem(atPath: keyFile.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test("the embedded cluster runs for a normal (non-root) user too")
    func normalUser() throws {
        guard getuid() == 0 else {
            // Already a normal user: the provisioning test above is that case.
            return
        }
        let data = try CommandLine.dataDirectory(owner: "postgres")
        defer { try? FileManager.default.removeItem(at: data) }
        let migrated = try CommandLine.tonghu(["db", "migrate", "--data-dir", data.path], user: "postgres")
        #expect(migrated.status == 0, "\(migrated.error)")
        #expect(migrated.output.contains("core #1"))
        let again = try CommandLine.tonghu(["db", "status", "--data-dir", data.path], user: "postgres")
        #expect(again.output.contains("已执行  core #1"), "\(again.error)")
    }

    @Test("tonghu policy set refuses a value that does not decode as the key's type, naming the key; a typed one is kept")
    func policyValueTypes() throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = ["--data-dir", data.path]
        func set(_ key: String, _ value: String) throws -> CommandLine.Result {
            try CommandLine.tonghu(["policy", "set", key, "--effective", "2026-01-01", "--value", value, "--source", "县文件"] + dir)
        }
        for (key, value) in [
            ("dropout-control.absence-threshold-days", #""three""#), ("dropout-control.absence-threshold-days", "2.5"),
            ("core.two-factor-roles", #"{"role":"core.admin"}"#), ("registry.local-categories", #"["temporary"]"#)
        ] {
            let refused = try set(key, value)
            #expect(refused.status == 65, "\(key) = \(value): \(refused.output)")
            #expect(refused.error.contains(key), "\(refused.error)")
        }
        let kept = try set("dropout-control.absence-threshold-days", "5")
        #expect(kept.status == 0, "\(kept.error)")
        let listed = try CommandLine.tonghu(["policy", "list", "dropout-control.absence-threshold-days"] + dir)
        #expect(listed.output.contains("默认 3"), "\(listed.output)")
        #expect(listed.output.contains("= 5"), "\(listed.output)")
    }
}
