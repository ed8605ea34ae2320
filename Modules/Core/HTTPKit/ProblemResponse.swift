import Foundation
import Hummingbird
import Vocabulary

extension Problem {
    /// RFC 9457 `application/problem+json` in `language`.
    public func response(language: Language, instance: String? = nil) -> Response {
        var body: [String: String] = [
            "type": "https://tonghu.cn/problems/\(kind)",
            "title": language == .en ? title.en : title.zh,
            "detail": language == .en ? detail.en : detail.zh
        ]
        if let field { body["field"] = field }
        if let instance { body["instance"] = instance }
        for (key, value) in extensions { body[key] = value }
        var json = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        if let row {
            // `row` is a number, the rest strings: splice it in rather than widen the dictionary's type.
            json.removeLast()
            json.append(contentsOf: Array(",\"row\":\(row),\"status\":\(status)}".utf8))
        } else {
            json.removeLast()
            json.append(contentsOf: Array(",\"status\":\(status)}".utf8))
        }
        return Response(
            status: .init(code: status),
            headers: [.contentType: "application/problem+json; charset=utf-8", .contentLanguage: language.rawValue],
            body: .init(byteBuffer: ByteBuffer(bytes: json)))
    }
}
