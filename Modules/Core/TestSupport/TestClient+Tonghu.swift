import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// JSON helpers for route tests: requests as a district's user would send them.
extension TestClientProtocol {
    /// Signs in and returns the bearer token.
    public func login(_ username: String, _ password: String = "correct-horse-battery") async throws -> String {
        try await execute(
            uri: "/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
            body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#)
        ) { response in
            guard response.status == .ok, let token = try response.json()["token"] as? String else {
                throw TestFailure("login of \(username) failed: \(response.status) \(String(buffer: response.body))")
            }
            return token
        }
    }

    /// Sends `body` (a JSON object or raw text) with the token, returns the status and the decoded JSON body.
    public func call(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json body: Any? = nil, raw: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> (status: HTTPResponse.Status, body: [String: Any], text: String, headers: HTTPFields) {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let body {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
        } else if let raw {
            headers[.contentType] = "application/json"
            buffer = ByteBuffer(string: raw)
        }
        return try await execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            let text = String(buffer: response.body)
            let json = (try? response.json()) ?? [:]
            return (response.status, json, text, response.headers)
        }
    }
}

extension TestResponse {
    /// The body as a JSON object (`[:]` for an array body; use `jsonArray`).
    public func json() throws -> [String: Any] {
        (try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }
}

/// A failed expectation inside a helper.
public struct TestFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
