import TestSupport
import Testing

@testable import HealthScreening

@Suite struct HealthScreeningProgrammeTests {
    @Test func passesTheConformanceCheck() async throws {
        try await ProgrammeConformance.check(HealthScreeningProgramme.self)
    }
}
