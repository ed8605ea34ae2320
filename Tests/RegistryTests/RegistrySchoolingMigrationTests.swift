import Contract
import Foundation
import PostgresNIO
import TestSupport
import Testing

@testable import Registry

@Suite("就学状态 moves to the core child-status feed")
struct RegistrySchoolingMigrationTests {
    @Test("registry migration 7 moves what the schooling table knew into the core feed, closed cases as history, and drops the table")
    func migration() async throws {
        try await TestPlatform.with(programmes: []) { test in
            let before = RegistryProgramme().migrations.filter { $0.version < 7 }
            try await Migrator(database: test.owner).migrate([
                CoreSchema.migrations, MigrationSet(owner: RegistryProgramme.id, migrations: before)
            ])
            let ids = ["320412201505050015", "320412201406060023", "320412201501010016"]
            let children = try await test.owner.transaction { connection in
                var children: [UUID] = []
                for (n, id) in ids.enumerated() {
                    let child = try ChildRepository.validate(
                        NewChild(idNumber: id, name: "童\(n)", residenceDistrict: "320412100201", hukouDistrict: "320412100201"),
                        today: CalendarDate(year: 2026, month: 9, day: 1)!)
                    children.append(try await test.platform.context.children.register(child, on: connection).id)
                }
                return children
            }
            let cases = children.map { _ in UUID() }
            try await test.owner.withConnection { connection in
                for child in children {
                    try await connection.run(
                        """
                        INSERT INTO registry.files (child_id, residence_district, hukou_district, responsible_district, birth_date, name, risk_colour, next_visit_due)
                        VALUES (\(child), 320412100201, 320412100201, 320412100201, '2015-05-05', '童', 'green', '2026-12-01')
                        """, logger: test.logger)
                }
                try await connection.run(
                    """
                    INSERT INTO registry.schooling (child_id, state, case_id, since, follow_up_until, closure_reason) VALUES
                        (\(children[0]), 'dropout', \(cases[0]), '2026-09-10', NULL, NULL),
                        (\(children[1]), 'returned', \(cases[1]), '2026-09-20', '2026-12-20', NULL),
                        (\(children[2]), 'closed', \(cases[2]), '2026-09-30', NULL, 'transferred')
                    """, logger: test.logger)
                try await connection.run(
                    "INSERT INTO core.event_subscriptions (subscriber, topic, position) VALUES ('registry.schooling', 'dropout-control.case.opened', 3)",
                    logger: test.logger)
            }
            let upToSeven = MigrationSet(owner: RegistryProgramme.id, migrations: RegistryProgramme().migrations.filter { $0.version <= 7 })
            let applied = try await Migrator(database: test.owner).migrate([CoreSchema.migrations, upToSeven])
            #expect(applied.map(\.version) == [7])

            let feed = test.platform.context.childStatuses
            let current = try await test.platform.database.transaction(
                settings: [("tonghu.scope", DistrictScope([TestPlatform.villageA]).multirange)]
            ) { connection in
                var current: [[ChildStatus]] = []
                for child in children { current.append(try await feed.current(of: child, on: connection)) }
                return current
            }
            #expect(
                current[0] == [
                    ChildStatus(
                        programme: "dropout-control", code: "dropout", title: .init(zh: "辍学劝返中", en: "Out of school, being persuaded back"),
                        since: CalendarDate(year: 2026, month: 9, day: 10)!, severity: .warning,
                        link: "/api/v1/dropout-control/cases/\(cases[0].uuidString)")
                ])
            #expect(current[1].map(\.code) == ["returned"] && current[1].first?.until == CalendarDate(year: 2026, month: 12, day: 20)!)
            #expect(current[2].isEmpty)
            let (history, schoolingTables, subscriptions) = try await test.owner.withConnection { connection in
                (
                    try await connection.query(
                        "SELECT title_zh FROM core.child_statuses WHERE child_id = \(children[2]) AND cleared_at IS NOT NULL",
                        logger: test.logger
                    ).decode(String.self).collect(),
                    try await connection.query(
                        "SELECT count(*) FROM pg_tables WHERE schemaname = 'registry' AND tablename = 'schooling'", logger: test.logger
                    )
                    .decode(Int.self).first(),
                    try await connection.query(
                        "SELECT count(*) FROM core.event_subscriptions WHERE subscriber = 'registry.schooling'", logger: test.logger
                    )
                    .decode(Int.self).first()
                )
            }
            #expect(history == ["已销号: transferred"])
            #expect(schoolingTables == 0 && subscriptions == 0)
        }
    }
}
