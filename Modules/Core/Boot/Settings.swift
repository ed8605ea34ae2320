import Contract
import Foundation

/// The deployment's configuration, read once at start from the environment and overridden by command-line flags.
///
/// - `TONGHU_DATABASE_URL`: the gateway's database role (member of `tonghu_app`). Unset → the embedded cluster.
/// - `TONGHU_MIGRATION_DATABASE_URL`: the schema owner, for `tonghu db migrate` and admin commands
///   (defaults to `TONGHU_DATABASE_URL`).
/// - `TONGHU_DATA_DIR` (default `.tonghu`): the embedded cluster and its generated keys.
/// - `TONGHU_HOST` (default `127.0.0.1`), `TONGHU_PORT` (default 8080).
/// - `TONGHU_PROGRAMMES`: comma-separated programme ids to enable (default: every programme in the catalogue).
/// - `TONGHU_KEYRING_FILE`: the ID-number keyring (default `<data dir>/keys.json`, generated when missing only
///   in embedded mode).
/// - `TONGHU_LOG_FORMAT`: `json` for one JSON object per line; otherwise plain text.
/// - `TONGHU_TODAY` (`yyyy-MM-dd`): runs the platform as of that day (`WallClock.asOf`); unset → the real day.
/// - `TONGHU_NOTICE_WEBHOOK_URL` and `TONGHU_NOTICE_WEBHOOK_SECRET`: the webhook notices go out to (通知外发, an SMS or
///   WeChat-work gateway), each body signed with HMAC-SHA256 under the secret (`NoticeWebhook`); both or neither. The
///   secret is never logged or printed.
/// - `TONGHU_TRUSTED_PROXIES`: comma-separated IP addresses of the reverse proxies in front of the gateway (可信代理)
///   whose `X-Forwarded-Proto: https` means the browser spoke TLS, so the console's cookies are `Secure`.
/// - `TONGHU_METRICS_TOKEN`: the bearer token `/metrics` asks of its scraper (Prometheus's `authorization`); unset,
///   `/metrics` answers 404. Never logged or printed.
public struct Settings: Sendable {
    public var databaseURL: String?
    public var migrationDatabaseURL: String?
    public var dataDirectory: URL
    public var host: String
    public var port: Int
    public var programmes: [String]?
    public var keyringFile: URL?
    public var jsonLogs: Bool
    /// `TONGHU_TODAY` as given; `clock()` checks it.
    public var today: String?
    /// `TONGHU_NOTICE_WEBHOOK_URL` as given; `noticeWebhook()` checks it.
    public var noticeWebhookURL: String?
    /// `TONGHU_NOTICE_WEBHOOK_SECRET`, withheld from every description of the settings.
    public var noticeWebhookSecret: Withheld?
    /// `TONGHU_TRUSTED_PROXIES`: the proxies' addresses (none by default).
    public var trustedProxies: Set<String>
    /// `TONGHU_METRICS_TOKEN`, withheld from every description of the settings.
    public var metricsToken: Withheld?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        databaseURL = value("TONGHU_DATABASE_URL")
        migrationDatabaseURL = value("TONGHU_MIGRATION_DATABASE_URL")
        dataDirectory = URL(fileURLWithPath: value("TONGHU_DATA_DIR") ?? ".tonghu", isDirectory: true).standardizedFileURL
        host = value("TONGHU_HOST") ?? "127.0.0.1"
        port = value("TONGHU_PORT").flatMap(Int.init) ?? 8080
        programmes = value("TONGHU_PROGRAMMES").map {
            $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        keyringFile = value("TONGHU_KEYRING_FILE").map { URL(fileURLWithPath: $0) }
        jsonLogs = value("TONGHU_LOG_FORMAT") == "json"
        today = value("TONGHU_TODAY")
        noticeWebhookURL = value("TONGHU_NOTICE_WEBHOOK_URL")
        noticeWebhookSecret = value("TONGHU_NOTICE_WEBHOOK_SECRET").map(Withheld.init)
        metricsToken = value("TONGHU_METRICS_TOKEN").map(Withheld.init)
        trustedProxies = Set(
            (value("TONGHU_TRUSTED_PROXIES") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            })
    }

    /// The platform's clock: as of `today` when set; a `today` that is not a date is refused, naming the setting.
    public func clock() throws(Problem) -> WallClock {
        guard let today else { return .system }
        guard let day = CalendarDate(today) else {
            throw Problem.invalid(
                "TONGHU_TODAY", "今天的日期 (TONGHU_TODAY 或 --as-of) 应为 yyyy-MM-dd: \(today)",
                "TONGHU_TODAY (--as-of) must be yyyy-MM-dd: \(today)")
        }
        return WallClock(asOf: day)
    }

    /// The notice webhook, or `nil` when no URL is set; a URL that is not http(s), or one without a secret, is
    /// refused naming the setting.
    public func noticeWebhook() throws(Problem) -> NoticeWebhook? {
        guard let noticeWebhookURL else { return nil }
        guard let url = URL(string: noticeWebhookURL), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil
        else {
            throw Problem.invalid(
                "TONGHU_NOTICE_WEBHOOK_URL", "通知外发地址应为 http(s) URL: \(noticeWebhookURL)",
                "TONGHU_NOTICE_WEBHOOK_URL must be an http(s) URL: \(noticeWebhookURL)")
        }
        guard let secret = noticeWebhookSecret?.value else {
            throw Problem.invalid(
                "TONGHU_NOTICE_WEBHOOK_SECRET", "设置了通知外发地址时必须设置签名密钥 TONGHU_NOTICE_WEBHOOK_SECRET",
                "TONGHU_NOTICE_WEBHOOK_SECRET is required with TONGHU_NOTICE_WEBHOOK_URL")
        }
        return NoticeWebhook(url: url, secret: secret)
    }

    /// Whether the embedded cluster is used.
    public var embedded: Bool { databaseURL == nil }
}

/// A secret setting: its value for the code that needs it, `(withheld)` wherever it is printed or logged.
public struct Withheld: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public var description: String { "(withheld)" }
    public var debugDescription: String { "(withheld)" }
}
