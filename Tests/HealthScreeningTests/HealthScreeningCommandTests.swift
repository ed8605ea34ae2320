import Contract
import TestSupport
import Testing

@testable import HealthScreening

/// `tonghu health-screening count`, parsed as the CLI parses it and run with the test platform as its command context.
@Suite struct HealthScreeningCommandTests {
    @Test func countsTheNewbornsOfADistrictSubtree() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            _ = try await HealthScreeningFixture.register(client, tokens)
            let township = try HealthScreeningCommand.Count.parse(["--district", TestPlatform.townshipA.description])
            #expect(try await township.count(test) == .init(district: TestPlatform.townshipA.description, newborns: 1))
            let sibling = try HealthScreeningCommand.Count.parse(["--district", TestPlatform.townshipB.description])
            #expect(try await sibling.count(test).newborns == 0)
            let malformed = try HealthScreeningCommand.Count.parse(["--district", "3204"])
            await #expect(throws: Problem.self) { try await malformed.count(test) }
        }
    }
}
