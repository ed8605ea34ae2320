import Foundation
import Testing

/// `tonghu … --as-of` and `TONGHU_TODAY`: a command run as of another day counts its dates from that day.
@Suite("tonghu --as-of")
struct AsOfCommandTests {
    @Test(
        "the audit purge's 183-day floor is counted from --as-of or TONGHU_TODAY; an --as-of that is not a date is refused, naming the setting"
    )
    func auditPurgeAsOf() throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let purge = ["audit", "purge", "--before", "2026-11-01", "--data-dir", data.path]

        let march = try CommandLine.tonghu(purge + ["--as-of", "2027-03-01"])
        #expect(march.status == 65, "\(march.output) \(march.error)")
        #expect(march.error.contains("2026-08-30"), "2027-03-01 − 183 days: \(march.error)")

        let june = try CommandLine.tonghu(purge + ["--as-of", "2027-06-01"])
        #expect(june.status == 0, "\(june.error)")
        #expect(june.output.contains("已删除 0 条"), "\(june.output)")

        let environment = try CommandLine.tonghu(purge, environment: ["TONGHU_TODAY": "2027-06-01"])
        #expect(environment.status == 0, "\(environment.error)")
        let overridden = try CommandLine.tonghu(purge + ["--as-of", "2027-03-01"], environment: ["TONGHU_TODAY": "2027-06-01"])
        #expect(overridden.status == 65, "--as-of wins over TONGHU_TODAY: \(overridden.error)")

        let first = try CommandLine.tonghu(["--as-of", "2027-06-01"] + purge)
        #expect(first.status == 0, "tonghu --as-of DATE <command>: \(first.error)")
        let joined = try CommandLine.tonghu(["--as-of=2027-03-01"] + purge)
        #expect(joined.status == 65, "\(joined.error)")

        let wrong = try CommandLine.tonghu(purge + ["--as-of", "2027-02-30"])
        #expect(wrong.status == 65)
        #expect(wrong.error.contains("TONGHU_TODAY"), "\(wrong.error)")
    }
}
