import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `/metrics` of a running `tonghu-gateway` (`TONGHU_METRICS_TOKEN` set) records each answer with its real status.
@Suite("指标 metrics count refusals by their real status")
struct MetricsStatusTests {
    static let token = "scrape-0123456789abcdef"

    /// The status and body of one request to `gateway`.
    static func send(
        _ gateway: SharedClusterTests.Gateway, _ method: String, _ path: String, bearer: String? = nil, json: String? = nil
    ) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: gateway.base.appendingPathComponent(path))
        request.httpMethod = method
        if let bearer { request.setValue("Bearer \(bearer)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let (body, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: body, as: UTF8.self))
    }

    @Test("a 401, 403, 404 and 422 are counted as themselves and nothing as a 500; /metrics is 401 without its token")
    func realStatus() async throws {
        let data = try CommandLine.dataDirectory()
        defer { SharedClusterTests.remove(data) }
        let gateway = try SharedClusterTests.Gateway(data: data, environment: ["TONGHU_METRICS_TOKEN": Self.token])
        defer { gateway.kill() }
        #expect(try await gateway.ready(), "\(gateway.log)")
        #expect(try await gateway.status("metrics") == 401)
        #expect(try await Self.send(gateway, "GET", "metrics", bearer: "not-the-token").status == 401)

        // A signed-in user without any role: a route that needs a permission is 403.
        let added = try CommandLine.tonghu(
            ["user", "add", "nobody", "--password-stdin", "--data-dir", data.path], input: "a-long-enough-password\n")
        #expect(added.status == 0, "\(added.error)")
        let login = try await Self.send(
            gateway, "POST", "api/v1/auth/login", json: #"{"username":"nobody","password":"a-long-enough-password"}"#)
        #expect(login.status == 200, "\(login.body)")
        let session = (try? JSONSerialization.jsonObject(with: Data(login.body.utf8)) as? [String: Any])?["token"] as? String
        #expect(try await Self.send(gateway, "GET", "api/v1/audit", bearer: session).status == 403)
        #expect(try await gateway.status("api/v1/me") == 401)
        #expect(try await gateway.status("api/v1/nowhere") == 404)
        let nul = try await Self.send(gateway, "POST", "api/v1/auth/login", json: #"{"username":"a\u0000b","password":"x"}"#)
        #expect(nul.status == 422, "\(nul.body)")

        let (status, body) = try await Self.send(gateway, "GET", "metrics", bearer: Self.token)
        #expect(status == 200)
        let lines = body.split(separator: "\n").filter { !$0.hasPrefix("#") }
        for code in ["401", "403", "404", "422"] {
            #expect(
                lines.contains { $0.hasPrefix("hb_requests") && $0.contains(#"status_code="\#(code)""#) }, "\(code): \(lines.prefix(30))")
        }
        #expect(!lines.contains { $0.contains(#""500""#) }, "\(lines.filter { $0.contains("500") }.prefix(5))")
        // The pools' meters are there too, from the process's metrics system.
        #expect(lines.contains { $0.hasPrefix(#"tonghu_db_connections_in_use{pool="tonghu_gateway"}"#) }, "\(lines.prefix(40))")
        #expect(try await gateway.terminate())
    }
}
