import Foundation
import Hummingbird

/// `application/x-www-form-urlencoded`, as browsers send forms (a `POST` body, or a `GET` form's query): `+` is a
/// space, `%XX` a byte of UTF-8. The console hands the values to a page as its query inputs, so a form field is parsed,
/// bounded and refused (422 naming it) exactly as the API's query parameter of the same declaration.
enum FormBody {
    /// Form bodies larger than this are refused with 413, as JSON bodies are.
    static let limit = 1 << 20

    static func values(of request: Request) async throws -> [String: String] {
        var request = request
        let buffer = try await request.collectBody(upTo: limit)
        return decode(String(decoding: buffer.readableBytesView, as: UTF8.self))
    }

    /// A `multipart/form-data` upload: its body is the page's to stream (``Call/upload(_:into:limit:)``), its fields
    /// other than the file come from the action's query.
    static func isMultipart(_ request: Request) -> Bool {
        request.headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    static func decode(_ text: String?) -> [String: String] {
        var values: [String: String] = [:]
        for pair in (text ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = unescape(parts[0])
            guard !key.isEmpty else { continue }
            values[key] = parts.count > 1 ? unescape(parts[1]) : ""
        }
        return values
    }

    static func unescape(_ part: Substring) -> String {
        let spaced = part.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// The values as the router's parameters, empty fields left out (an empty text box means "not given").
    static func parameters(_ values: [String: String]) -> Parameters {
        Parameters(values.filter { !$0.value.isEmpty }.map { (key: Substring($0.key), value: Substring($0.value)) })
    }
}
