import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore

/// A browser as the console sees it, for page tests: cookies kept between requests, forms sent url-encoded, Chromium's
/// `Accept` for a navigation (so error pages are HTML).
public struct FormBrowser {
    public let client: any TestClientProtocol
    public var cookies: [String: String] = [:]
    /// What Chromium sends for a navigation or a form.
    public var headers: HTTPFields = [.accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"]

    public typealias Answer = (status: HTTPResponse.Status, text: String, headers: HTTPFields)

    /// A page without the form token a test expected, or a sign-in the console did not accept.
    public struct Refused: Error, CustomStringConvertible {
        public let description: String
    }

    public init(client: any TestClientProtocol) { self.client = client }

    public mutating func get(_ uri: String) async throws -> Answer { try await send(.get, uri, body: nil) }

    public mutating func post(_ uri: String, _ form: [(String, String)]) async throws -> Answer {
        try await send(.post, uri, body: form.map(Self.encode).joined(separator: "&"))
    }

    /// Posts `form` to `action` with the CSRF token of the page at `uri`.
    public mutating func submit(_ uri: String, to action: String, _ form: [(String, String)]) async throws -> Answer {
        let page = try await get(uri)
        guard let token = Self.formToken(page.text) else { throw Refused(description: "no form token on \(uri): \(page.text)") }
        return try await post(action, [("_csrf", token)] + form)
    }

    /// Sends `text` as the one file of a `multipart/form-data` form to `action` (an upload form's action, its CSRF token
    /// in the query), as Chromium sends a chosen file.
    public mutating func upload(_ action: String, file text: String, named name: String = "upload.csv") async throws -> Answer {
        let boundary = "----tonghu-form-browser-5e2b9c"
        let body =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: text/csv\r\n\r\n"
            + text + "\r\n--\(boundary)--\r\n"
        var headers = self.headers
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return try await client.execute(uri: action, method: .post, headers: headers, body: ByteBuffer(string: body)) {
            ($0.status, String(buffer: $0.body), $0.headers)
        }
    }

    public mutating func send(_ method: HTTPRequest.Method, _ uri: String, body: String?) async throws -> Answer {
        var headers = self.headers
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if body != nil { headers[.contentType] = "application/x-www-form-urlencoded" }
        let answer: Answer = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        {
            ($0.status, String(buffer: $0.body), $0.headers)
        }
        for setting in answer.headers[values: .setCookie] {
            let pair = setting.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            cookies[String(pair[0])] = setting.contains("Max-Age=0") ? nil : pair.count > 1 ? String(pair[1]) : ""
        }
        return answer
    }

    public static func encode(_ pair: (String, String)) -> String {
        "\(pair.0)=\(pair.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
    }

    /// The value of the first `<input name="_csrf">` of a page.
    public static func formToken(_ page: String) -> String? {
        guard let range = page.range(of: #"name="_csrf" value=""#) else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in through the form; returns the home page. A sign-in the console does not answer with 303 throws.
    public mutating func signIn(_ username: String, _ password: String = "correct-horse-battery") async throws -> Answer {
        let answer = try await submit("/", to: "/sign-in", [("username", username), ("password", password)])
        guard answer.status == .seeOther else { throw Refused(description: "sign-in of \(username): \(answer.status) \(answer.text)") }
        return try await get("/home")
    }
}
