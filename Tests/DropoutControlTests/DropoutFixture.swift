import Contract
import Foundation
import HummingbirdTesting
import RegistryInterface
import TestSupport

@testable import DropoutControl

/// The education side on its own: users of each role, enrolment files, and watched children fed the way the
/// registry feeds them — a `registry.child.registered` event in the outbox, delivered by the dispatcher.
struct DropoutFixture {
    static let term = "2026-autumn"
    /// 新北区's township, for the second county.
    static let otherTownship = DistrictCode("320411100000")!
    static let otherVillage = DistrictCode("320411100201")!

    /// Born 2015 (age 11 at the cut-off), 2014, 2016; 新北区 2015; born 2020-09-01 (too young).
    static let zhang = "320412201505050015", li = "320412201406060023", wang = "320412201607070033"
    static let other = "320411201508080045", young = "320412202009010019"

    /// Users of each role; on `clock`'s day.
    static func with(
        clock: WallClock = .system, _ body: @escaping @Sendable (TestPlatform, any TestClientProtocol, Tokens) async throws -> Void
    ) async throws {
        try await TestPlatform.with(programmes: [DropoutControlProgramme()], clock: clock) { test in
            try await test.user("wujin", role: "dropout-control.officer", district: TestPlatform.county)
            try await test.user("xinbei", role: "dropout-control.officer", district: TestPlatform.otherCounty)
            try await test.user("school", role: "dropout-control.school", district: TestPlatform.townshipA)
            try await test.user("xinbei-school", role: "dropout-control.school", district: otherTownship)
            try await test.user("viewer", role: "dropout-control.viewer", district: TestPlatform.county)
            try await test.withClient { client in
                let tokens = Tokens(
                    officer: try await client.login("wujin"), otherOfficer: try await client.login("xinbei"),
                    school: try await client.login("school"), otherSchool: try await client.login("xinbei-school"),
                    viewer: try await client.login("viewer"))
                try await body(test, client, tokens)
            }
        }
    }

    struct Tokens: Sendable {
        let officer: String
        let otherOfficer: String
        let school: String
        let otherSchool: String
        let viewer: String
    }

    /// Registers the child in the core index and delivers the registry's event for it; returns the child's id.
    @discardableResult
    static func watch(
        _ test: TestPlatform, _ idNumber: String, name: String = "张三明", village: DistrictCode = TestPlatform.villageA,
        hukou: DistrictCode? = nil, categories: [ChildCategory] = [.ruralLeftBehind]
    ) async throws -> UUID {
        let platform = test.platform
        let hukou = hukou ?? village
        let child = try await test.owner.transaction { connection in
            let child = try await platform.context.children.register(
                try ChildRepository.validate(
                    NewChild(idNumber: idNumber, name: name, residenceDistrict: village.description, hukouDistrict: hukou.description),
                    today: WallClock.system.today()),
                on: connection)
            try await platform.context.events.publish(
                RegistryTopics.fileOpened,
                ChildCategories(
                    child: child.id, residenceDistrict: village, hukouDistrict: hukou, birthDate: child.birthDate, categories: categories),
                child: child.id, district: village, on: connection)
            return child.id
        }
        try await EventDispatcher(database: platform.database, subscriptions: platform.subscriptions).drain()
        return child
    }

    static let header = "身份证号,姓名,学校,学校区划,年级,学籍状态\n"

    static func row(
        _ idNumber: String, _ name: String, school: String = "湖塘中心小学", district: DistrictCode = TestPlatform.townshipA,
        grade: String = "五年级", status: String = "在读"
    ) -> String {
        "\(idNumber),\(name),\(school),\(district),\(grade),\(status)\n"
    }

    static func file(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("enrolment-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url
    }

    @discardableResult
    static func load(_ test: TestPlatform, _ text: String, term: String = term) async throws -> EnrolmentImport.Outcome {
        let importer = EnrolmentImport(platform: test.platform, actor: "test")
        let outcome = try await importer.run(try file(text), term: Term(term)!)
        try await importer.dropReplaced(outcome)
        return outcome
    }
}
