/// A failure the caller must see: rendered as RFC 9457 `application/problem+json` by the gateway and as one
/// line by the CLI. `type` is stable (`https://tonghu.cn/problems/<kind>`); text is Chinese or English.
public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public let kind: String
    public let status: Int
    public let title: Localized
    public let detail: Localized
    /// The request field at fault (`idNumber`, `residenceDistrict`) — JSON names, as the caller sent them.
    public let field: String?
    /// The 1-based row of an uploaded file at fault.
    public let row: Int?
    /// Extra members, e.g. `existing` — the id of the record a conflict points at.
    public let extensions: [String: String]

    public init(
        kind: String, status: Int, title: Localized, detail: Localized, field: String? = nil, row: Int? = nil,
        extensions: [String: String] = [:]
    ) {
        self.kind = kind
        self.status = status
        self.title = title
        self.detail = detail
        self.field = field
        self.row = row
        self.extensions = extensions
    }

    public var description: String { detail.zh }

    /// The same problem, located at `row` of an uploaded file.
    public func at(row: Int) -> Problem {
        Problem(kind: kind, status: status, title: title, detail: detail, field: field, row: row, extensions: extensions)
    }

    // MARK: - The common kinds

    /// 422: a field (or a file row) fails validation.
    public static func invalid(_ field: String, _ zh: String, _ en: String, row: Int? = nil) -> Problem {
        Problem(
            kind: "validation", status: 422, title: .init(zh: "输入有误", en: "Invalid input"),
            detail: .init(zh: zh, en: en), field: field, row: row)
    }

    /// 400: the body is not the JSON the route expects.
    public static func malformed(_ zh: String, _ en: String) -> Problem {
        Problem(kind: "malformed-request", status: 400, title: .init(zh: "请求格式错误", en: "Malformed request"), detail: .init(zh: zh, en: en))
    }

    /// 404: absent, or outside the caller's district scope (the two are indistinguishable on purpose).
    public static func notFound(_ what: Localized) -> Problem {
        Problem(
            kind: "not-found", status: 404, title: .init(zh: "未找到", en: "Not found"),
            detail: .init(zh: "\(what.zh)不存在或不在您的管辖范围内", en: "\(what.en) does not exist or is outside your district scope"))
    }

    /// 409: the record exists already; `existing` points at it.
    public static func conflict(_ zh: String, _ en: String, field: String? = nil, existing: String? = nil) -> Problem {
        Problem(
            kind: "conflict", status: 409, title: .init(zh: "记录已存在", en: "Already exists"), detail: .init(zh: zh, en: en),
            field: field, extensions: existing.map { ["existing": $0] } ?? [:])
    }

    /// 409: the record exists but its state does not allow this (a transfer already decided, a review resolved).
    public static func stateConflict(_ zh: String, _ en: String) -> Problem {
        Problem(
            kind: "state-conflict", status: 409, title: .init(zh: "当前状态不允许此操作", en: "Not allowed in the current state"),
            detail: .init(zh: zh, en: en))
    }

    public static let unauthenticated = Problem(
        kind: "unauthenticated", status: 401, title: .init(zh: "未登录", en: "Not authenticated"),
        detail: .init(zh: "请先登录: 缺少或无效的 Authorization: Bearer 令牌, 或令牌已过期", en: "Missing, invalid or expired bearer token"))

    public static func forbidden(_ permission: String) -> Problem {
        Problem(
            kind: "forbidden", status: 403, title: .init(zh: "无权操作", en: "Forbidden"),
            detail: .init(zh: "您的角色没有权限 \(permission)", en: "Your roles do not grant \(permission)"),
            extensions: ["permission": permission])
    }
}

/// Text in Chinese (the default) and English (by `Accept-Language`).
public struct Localized: Sendable, Equatable, Codable {
    public let zh: String
    public let en: String

    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }
}

/// An error of a core module or programme that knows its `Problem`.
public protocol ProblemConvertible: Error {
    var problem: Problem { get }
}

/// The JSON form of a problem inside an answer (an import's refused rows) and of the CLI's `--json` output (the gateway
/// renders a failed request's RFC 9457 body itself): Chinese, or English when the encoder's
/// `userInfo[Problem.languageKey]` is `"en"` (a gateway answer to `Accept-Language: en`).
extension Problem: Encodable {
    // A non-empty raw value always makes a key.
    public static let languageKey = CodingUserInfoKey(rawValue: "tonghu.language")!

    enum CodingKeys: String, CodingKey { case type, title, detail, field, row, status }
    public func encode(to encoder: any Encoder) throws {
        let english = encoder.userInfo[Self.languageKey] as? String == "en"
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("https://tonghu.cn/problems/\(kind)", forKey: .type)
        try container.encode(english ? title.en : title.zh, forKey: .title)
        try container.encode(english ? detail.en : detail.zh, forKey: .detail)
        try container.encodeIfPresent(field, forKey: .field)
        try container.encodeIfPresent(row, forKey: .row)
        try container.encode(status, forKey: .status)
    }
}
