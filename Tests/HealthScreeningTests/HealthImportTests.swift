import Contract
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PostgresNIO
import TestSupport
import Testing

@testable import HealthScreening

/// Births and laboratory results imported from hospital and laboratory systems, uploaded through the real router.
@Suite struct HealthImportTests {
    static let births = "/api/v1/health-screening/imports/births"
    static let results = "/api/v1/health-screening/imports/lab-results"
    static let header = "随访区划,出生机构区划,母亲身份证号,出生时间,性别,出生顺序,助产机构,住院号\n"
    static let otherMother = HealthScreeningFixture.idNumber("32041219960101002")

    /// A birth row of 马杭村 born in 湖塘镇's hospital.
    static func birth(
        mother: String = HealthScreeningFixture.mother, bornAt: String = HealthScreeningFixture.bornAt, sex: String = "女",
        order: String = "1", record: String, district: DistrictCode = TestPlatform.villageA
    ) -> String {
        "\(district),\(TestPlatform.townshipA),\(mother),\(bornAt),\(sex),\(order),湖塘镇卫生院,\(record)\n"
    }

    /// Posts `body` as a CSV upload.
    static func upload(
        _ client: any TestClientProtocol, _ path: String, _ token: String, _ body: Data, language: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any], text: String) {
        var headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "text/csv"]
        if let language { headers[.acceptLanguage] = language }
        return try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)) { response in
            (response.status, (try? response.json()) ?? [:], String(buffer: response.body))
        }
    }

    static func upload(
        _ client: any TestClientProtocol, _ path: String, _ token: String, _ text: String, language: String? = nil
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any], text: String) {
        try await upload(client, path, token, Data(text.utf8), language: language)
    }

    static func count(_ test: TestPlatform, _ table: String) async throws -> Int {
        try await test.owner.withConnection {
            try await $0.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int8 FROM health_screening.\(table)"), logger: test.logger)
                .decode(Int.self).collect()[0]
        }
    }

    static func gb18030(_ text: String) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("utf8.csv")
        let target = directory.appendingPathComponent("gb.csv")
        try Data(text.utf8).write(to: source)
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GB18030", source.path, "-o", target.path]
        try iconv.run()
        iconv.waitUntilExit()
        return try Data(contentsOf: target)
    }

    @Test("broken birth rows are refused by line and field, in Chinese or English, and nothing is written")
    func brokenBirthRowsWriteNothing() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let csv =
                Self.header + Self.birth(record: "ZY1") + Self.birth(mother: "320412199503080021", record: "ZY2")
                + Self.birth(sex: "X", order: "2", record: "ZY3") + Self.birth(mother: "3.20412E+17", order: "3", record: "ZY4")
                + Self.birth(mother: Self.otherMother, record: "ZY5")
            let answer = try await Self.upload(client, Self.births, tokens.hospital, csv)
            #expect(answer.status == .unprocessableContent, "\(answer.text)")
            #expect(answer.body["loaded"] as? Int == 0)
            let refused = try #require(answer.body["refused"] as? [[String: Any]])
            #expect(refused.map { $0["row"] as? Int } == [3, 4, 5])
            #expect(refused.map { $0["field"] as? String } == ["motherIdNumber", "sex", "motherIdNumber"])
            #expect((refused[2]["detail"] as? String)?.contains("电子表格") == true, "\(refused[2])")
            #expect(try await Self.count(test, "newborns") == 0)
            #expect(try await Self.count(test, "chains") == 0)
            let english = try await Self.upload(client, Self.births, tokens.hospital, csv, language: "en")
            let detail = try #require((english.body["refused"] as? [[String: Any]])?.first?["detail"] as? String)
            #expect(detail.unicodeScalars.allSatisfy { $0.isASCII }, "\(detail)")
        }
    }

    @Test("a GB18030 file with a blank last row registers its births with their chains; replayed, it adds nothing")
    func gb18030BirthsAndReplay() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let csv =
                Self.header + Self.birth(record: "ZY1") + Self.birth(sex: "男", order: "2", record: "ZY2")
                + Self.birth(mother: Self.otherMother, record: "ZY3") + ",,,,,,,\n"
            let file = try Self.gb18030(csv)
            let first = try await Self.upload(client, Self.births, tokens.hospital, file)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.body["loaded"] as? Int == 3)
            #expect((first.body["refused"] as? [Any])?.isEmpty == true)
            #expect(try await Self.count(test, "newborns") == 3)
            #expect(try await Self.count(test, "chains") == 12)
            let again = try await Self.upload(client, Self.births, tokens.hospital, file)
            #expect(again.status == .ok, "\(again.text)")
            #expect(again.body["loaded"] as? Int == 0)
            #expect(again.body["alreadyRegistered"] as? Int == 3)
            #expect(try await Self.count(test, "newborns") == 3)
            let listed = try await client.call(
                .get, "/api/v1/health-screening/newborns?district=\(TestPlatform.townshipA)", token: tokens.township)
            #expect(
                (listed.body["newborns"] as? [[String: Any]])?.compactMap { $0["hospitalRecord"] as? String }.sorted() == [
                    "ZY1", "ZY2", "ZY3"
                ])
        }
    }

    @Test("births outside the uploader's districts are refused by line: a sibling township's and another county's hospital")
    func birthsOutsideTheScope() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            try await test.user("other-hospital", role: "health-screening.birth-hospital", district: TestPlatform.otherCounty)
            let other = try await client.login("other-hospital")
            let csv = Self.header + Self.birth(record: "ZY1")
            for token in [other, tokens.siblingHospital] {
                let answer = try await Self.upload(client, Self.births, token, csv)
                #expect(answer.status == .unprocessableContent, "\(answer.text)")
                let refused = try #require(answer.body["refused"] as? [[String: Any]])
                #expect(refused.map { $0["row"] as? Int } == [2] && refused.map { $0["field"] as? String } == ["district"])
            }
            #expect(try await Self.count(test, "newborns") == 0)
            // Without the permission the file is refused whole.
            #expect(try await Self.upload(client, Self.births, tokens.township, csv).status == .forbidden)
        }
    }

    /// Registers 湖塘镇's twins (ZY1, ZY2) and one other newborn (ZY3), with consent and a blood spot on each PKU chain.
    static func screened(_ client: any TestClientProtocol, _ tokens: HealthScreeningFixture.Tokens) async throws -> [String: String] {
        let csv =
            Self.header + Self.birth(record: "ZY1") + Self.birth(order: "2", record: "ZY2")
            + Self.birth(mother: Self.otherMother, record: "ZY3")
        let loaded = try await Self.upload(client, Self.births, tokens.hospital, csv)
        guard loaded.status == .ok else { throw TestFailure("births: \(loaded.text)") }
        let listed = try await client.call(.get, "/api/v1/health-screening/newborns?district=\(TestPlatform.county)", token: tokens.mch)
        var chains: [String: String] = [:]
        for newborn in listed.body["newborns"] as? [[String: Any]] ?? [] {
            let id = try #require(newborn["id"] as? String)
            let file = try await client.call(.get, "/api/v1/health-screening/newborns/\(id)", token: tokens.mch)
            let chain = try HealthScreeningFixture.chain(file.body, "pku")
            for (path, body) in [
                ("consent", ["state": "signed", "occurredAt": "2026-11-20T12:00:00+08:00"]),
                ("screens", ["state": "done", "occurredAt": "2026-11-23T11:00:00+08:00", "institution": "湖塘镇卫生院"])
            ] {
                let step = try await ChainRouteTests.record(client, tokens.hospital, chain, path, body)
                guard step.status == .created else { throw TestFailure("\(path): \(step.text)") }
            }
            chains[try #require(newborn["hospitalRecord"] as? String)] = chain
        }
        return chains
    }

    static let resultHeader = "住院号,母亲身份证号,出生日期,出生顺序,筛查病种,结果,报告时间,检测机构,检测值\n"

    @Test(
        "lab results match by hospital record or by mother and birth day: matched, unmatched and ambiguous by line; a replay repeats nothing"
    )
    func labResultsMatchAndReplay() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let chains = try await Self.screened(client, tokens)
            let csv =
                Self.resultHeader + "ZY1,,,,pku,阳性,2026-11-26T09:00:00+08:00,常州市新生儿疾病筛查中心,Phe 156 μmol/L\n"
                + "ZY-NONE,,,,pku,阴性,2026-11-26T09:00:00+08:00,,\n"
                + ",\(HealthScreeningFixture.mother),2026-11-20,,pku,阴性,2026-11-26T09:00:00+08:00,,\n"
                + ",\(Self.otherMother),2026-11-20,,苯丙酮尿症,negative,2026-11-26T09:00:00+08:00,,\n"
                + ",\(HealthScreeningFixture.mother),2026-11-20,2,pku,阴性,2026-11-26T09:00:00+08:00,,\n"
            let first = try await Self.upload(client, Self.results, tokens.centre, csv)
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.body["loaded"] as? Int == 3)
            #expect(first.body["matched"] as? Int == 3)
            #expect(first.body["unmatched"] as? [Int] == [3])
            #expect(first.body["ambiguous"] as? [Int] == [4])
            let positive = try await client.call(.get, "/api/v1/health-screening/chains/\(try #require(chains["ZY1"]))", token: tokens.mch)
            let steps = try #require(positive.body["steps"] as? [[String: Any]])
            #expect(steps.last?["state"] as? String == "positive" && steps.last?["detail"] as? String == "Phe 156 μmol/L")
            let twin = try await client.call(.get, "/api/v1/health-screening/chains/\(try #require(chains["ZY2"]))", token: tokens.mch)
            #expect((twin.body["steps"] as? [[String: Any]])?.last?["state"] as? String == "negative")
            let again = try await Self.upload(client, Self.results, tokens.centre, csv)
            #expect(again.status == .ok, "\(again.text)")
            #expect(again.body["loaded"] as? Int == 0 && again.body["matched"] as? Int == 3)
            #expect(try await Self.count(test, "steps") == 3 * 2 + 3)
        }
    }

    @Test("a broken or out-of-order result row refuses the whole file by line and field; another county's centre matches nothing")
    func brokenResultsAndScope() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            _ = try await Self.screened(client, tokens)
            let before = try await Self.count(test, "steps")
            let csv =
                Self.resultHeader + "ZY1,,,,pku,阳性,2026-11-26T09:00:00+08:00,,\n" + "ZY2,,,,pku,maybe,2026-11-26T09:00:00+08:00,,\n"
                + "ZY3,,,,pku,阴性,2026-11-26 09:00,,\n" + "ZY1,,,,ch,阴性,2026-11-26T09:00:00+08:00,,\n"
                + "ZY3,,,,rubella,阴性,2026-11-26T09:00:00+08:00,,\n"
                + ",,,,pku,阴性,2026-11-26T09:00:00+08:00,,\n"
            let answer = try await Self.upload(client, Self.results, tokens.centre, csv)
            #expect(answer.status == .unprocessableContent, "\(answer.text)")
            #expect(answer.body["loaded"] as? Int == 0)
            // Only line 2 counts as matched: line 5 found its chain, but a refused row keeps none of its counts.
            #expect(answer.body["matched"] as? Int == 1)
            let refused = try #require(answer.body["refused"] as? [[String: Any]])
            #expect(refused.map { $0["row"] as? Int } == [3, 4, 5, 6, 7])
            #expect(refused.map { $0["field"] as? String } == ["state", "occurredAt", "state", "condition", "hospitalRecord"])
            #expect(try await Self.count(test, "steps") == before)

            try await test.user("other-centre", role: "health-screening.centre", district: TestPlatform.otherCounty)
            let other = try await client.login("other-centre")
            let outside = try await Self.upload(
                client, Self.results, other, Self.resultHeader + "ZY1,,,,pku,阳性,2026-11-26T09:00:00+08:00,,\n")
            #expect(outside.status == .ok, "\(outside.text)")
            #expect(outside.body["loaded"] as? Int == 0 && outside.body["unmatched"] as? [Int] == [2])
            #expect(try await Self.count(test, "steps") == before)
        }
    }

    @Test("results two rows a batch: a chain's second result in one batch is refused by the first; a replay repeats nothing")
    func labResultsInBatches() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            _ = try await Self.screened(client, tokens)
            let before = try await Self.count(test, "steps")
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            func run(_ csv: String) async throws -> LabResultImport.Outcome {
                let file = directory.appendingPathComponent("\(UUID().uuidString).csv")
                try Data((Self.resultHeader + csv).utf8).write(to: file)
                return try await test.withPlatform { platform in
                    try await LabResultImport(writer: ImportWriter(platform: platform, actor: "test"), batchSize: 2)
                        .run(ImportFile(path: file.path))
                }
            }
            let twice = try await run(
                "ZY1,,,,pku,阳性,2026-11-26T09:00:00+08:00,,\n" + "ZY1,,,,pku,阴性,2026-11-27T09:00:00+08:00,,\n"
                    + "ZY2,,,,pku,阴性,2026-11-26T09:00:00+08:00,,\n")
            #expect(twice.refused.map(\.row) == [3] && twice.refused.map(\.field) == ["state"] && twice.loaded == 0)
            #expect(try await Self.count(test, "steps") == before)
            let csv =
                "ZY1,,,,pku,阳性,2026-11-26T09:00:00+08:00,,\n" + "ZY-NONE,,,,pku,阴性,2026-11-26T09:00:00+08:00,,\n"
                + "ZY2,,,,pku,阴性,2026-11-26T09:00:00+08:00,,\n"
            let first = try await run(csv)
            #expect(first.loaded == 2 && first.matched == 2 && first.unmatched == [3] && first.refused.isEmpty)
            let again = try await run(csv)
            #expect(again.loaded == 0 && again.matched == 2 && again.unmatched == [3])
            #expect(try await Self.count(test, "steps") == before + 2)
        }
    }
}

/// `tonghu health-screening import-births|import-lab-results FILE`, parsed as the CLI parses it, run as the schema owner.
@Suite struct HealthImportCommandTests {
    @Test("the CLI imports a births file and a results file as the owner; replayed, the births add nothing")
    func importsFromFiles() async throws {
        try await HealthScreeningFixture.with { test, _, _ in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let births = directory.appendingPathComponent("births.csv")
            try Data(
                (HealthImportTests.header + HealthImportTests.birth(record: "ZY1")
                    + HealthImportTests.birth(mother: HealthImportTests.otherMother, record: "ZY2", district: TestPlatform.villageB)).utf8
            ).write(to: births)
            let command = try HealthScreeningImportCommand.Births.parse([births.path])
            let first = try await command.outcome(test)
            #expect(first.loaded == 2 && first.refused.isEmpty, "\(first.refused.map(\.detail.zh))")
            let again = try await command.outcome(test)
            #expect(again.loaded == 0 && again.alreadyRegistered == 2)
            let results = directory.appendingPathComponent("results.csv")
            try Data(
                (HealthImportTests.resultHeader + "ZY1,,,,pku,阴性,2026-11-26T09:00:00+08:00,,\n"
                    + "ZY9,,,,pku,阴性,2026-11-26T09:00:00+08:00,,\n").utf8
            ).write(to: results)
            let lab = try await HealthScreeningImportCommand.LabResults.parse([results.path]).outcome(test)
            // ZY1's chain has no consent or sample yet: the chain's rules refuse its result, and nothing is written.
            #expect(
                lab.refused.map(\.row) == [2] && lab.refused.map(\.field) == ["state"] && lab.unmatched == [3] && lab.loaded == 0,
                "\(lab.refused.map(\.detail.zh)) \(lab.unmatched)")
            let missing = try HealthScreeningImportCommand.Births.parse([directory.appendingPathComponent("none.csv").path])
            await #expect(throws: Problem.self) { try await missing.outcome(test) }
        }
    }
}
