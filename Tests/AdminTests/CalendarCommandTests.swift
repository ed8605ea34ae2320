import Foundation
import Testing

/// `tonghu calendar` end to end on its own embedded cluster: the years migration 12 loads, a year imported and exported
/// in the same form, a bad row refused with nothing written, a district's own days.
@Suite("tonghu calendar", .serialized)
struct CalendarCommandTests {
    /// A made-up year for the test (2027's notice is not on this machine): two holidays and a make-up Saturday.
    static let year2027 = """
        date,kind,name,source
        2027-01-01,放假,元旦,测试用通知 (非真实)
        2027-01-02,放假,元旦,测试用通知 (非真实)
        2027-01-09,上班,元旦,测试用通知 (非真实)

        """

    @Test("import, list and export a year; a bad row in the middle is refused naming row and field, and nothing is loaded")
    func importListExport() throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = ["--data-dir", data.path]

        let listed = try CommandLine.tonghu(["calendar", "list"] + dir)
        #expect(listed.status == 0, "\(listed.error)")
        for line in ["2024\t全国", "2025\t全国", "2026\t全国", "国办发明电〔2024〕12号"] { #expect(listed.output.contains(line), "\(listed.output)") }

        let file = data.appendingPathComponent("2027.csv")
        try Self.year2027.write(to: file, atomically: true, encoding: .utf8)
        let imported = try CommandLine.tonghu(["calendar", "import", file.path] + dir)
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("放假 2 天, 调休上班 1 天"), "\(imported.output)")

        let exported = data.appendingPathComponent("2027-out.csv")
        let export = try CommandLine.tonghu(["calendar", "export", "2027", "--output", exported.path] + dir)
        #expect(export.status == 0, "\(export.error)")
        let text = try String(contentsOf: exported, encoding: .utf8)
        #expect(text.replacingOccurrences(of: "\r\n", with: "\n").trimmingPrefix("\u{FEFF}") == Self.year2027[...])
        // What was exported imports again as it is.
        #expect(try CommandLine.tonghu(["calendar", "import", exported.path] + dir).status == 0)

        let bad = data.appendingPathComponent("2028.csv")
        try "date,kind,name,source\n2028-01-01,放假,元旦,测试\n2028-01-03,休息,元旦,测试\n2028-01-04,放假,元旦,测试\n".write(
            to: bad, atomically: true, encoding: .utf8)
        let refused = try CommandLine.tonghu(["calendar", "import", bad.path] + dir)
        #expect(refused.status == 65)
        #expect(refused.error.contains("第 3 行") && refused.error.contains("[kind]"), "\(refused.error)")
        let weekday = data.appendingPathComponent("2028-weekday.csv")
        try "date,kind,name,source\n2028-01-01,放假,元旦,测试\n2028-01-04,上班,元旦,测试\n".write(
            to: weekday, atomically: true, encoding: .utf8)
        let notWeekend = try CommandLine.tonghu(["calendar", "import", weekday.path] + dir)
        #expect(notWeekend.status == 65 && notWeekend.error.contains("第 3 行"), "\(notWeekend.error)")

        let json = try CommandLine.tonghu(["calendar", "list", "--json"] + dir)
        let years = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [[String: Any]]
        #expect(years?.compactMap { $0["year"] as? Int } == [2024, 2025, 2026, 2027], "\(json.output)")
        #expect(try CommandLine.tonghu(["calendar", "export", "2028"] + dir).status == 66)
    }

    @Test("--district loads a locality's own days beside the nation's")
    func districtOverride() throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = ["--data-dir", data.path]
        let districts = data.appendingPathComponent("districts.csv")
        try "code,name\n450000000000,广西壮族自治区\n".write(to: districts, atomically: true, encoding: .utf8)
        #expect(try CommandLine.tonghu(["district", "import", districts.path] + dir).status == 0)

        let local = data.appendingPathComponent("guangxi-2026.csv")
        try "date,kind,name,source\n2026-04-20,放假,壮族三月三,测试用地方通知 (非真实)\n".write(to: local, atomically: true, encoding: .utf8)
        let imported = try CommandLine.tonghu(["calendar", "import", local.path, "--district", "450000000000"] + dir)
        #expect(imported.status == 0, "\(imported.error)")
        let listed = try CommandLine.tonghu(["calendar", "list"] + dir)
        #expect(listed.output.contains("2026\t450000000000\t放假 1 天"), "\(listed.output)")
        let badCode = try CommandLine.tonghu(["calendar", "import", local.path, "--district", "45000"] + dir)
        #expect(badCode.status == 65 && badCode.error.contains("district"), "\(badCode.error)")
    }
}
