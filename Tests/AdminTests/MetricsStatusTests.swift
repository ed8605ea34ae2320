import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `/metrics` of a running `tonghu-gateway` records each answer with its real status.
@Suite("指标 metrics count refusals by their real status")
struct MetricsStatusTests {
    @Test("a 401 and a 404 are counted as 401 and 404, and nothing as a 500")
    func realStatus() async throws {
        let data = try CommandLine.dataDirectory()
        defer { SharedClusterTests.remove(data) }
        let gateway = try SharedClusterTests.Gateway(data: data)
        defer { gateway.kill() }
        #expect(try await gateway.ready(), "\(gateway.log)")
        #expect(try await gateway.status("api/v1/me") == 401)
        #expect(try await gateway.status("api/v1/districts/320412000000") == 401)
        #expect(try await gateway.status("api/v1/nowhere") == 404)
        let (body, _) = try await URLSession.shared.data(from: gateway.base.appendingPathComponent("metrics"))
        let lines = String(decoding: body, as: UTF8.self).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(lines.contains { $0.hasPrefix("hb_requests") && $0.contains(#"status_code="401""#) }, "\(lines.prefix(20))")
        #expect(!lines.contains { $0.contains(#""500""#) }, "\(lines.filter { $0.contains("500") }.prefix(5))")
        #expect(try await gateway.terminate())
    }
}
