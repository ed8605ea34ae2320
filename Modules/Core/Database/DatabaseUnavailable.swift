import PostgresNIO
import Vocabulary
import _ConnectionPoolModule

/// 数据库暂不可用 — the database cannot be reached (an outage, or the connection was lost mid-request): a 503 the
/// caller may retry, never a hang or a 500.
public struct DatabaseUnavailable: Error, ProblemConvertible, Equatable {
    /// What the caller is told; an outage by default, or e.g. a statement timeout.
    public let detail: Localized

    public init(detail: Localized = .init(zh: "数据库暂时无法连接, 请稍后重试", en: "the database cannot be reached; retry shortly")) {
        self.detail = detail
    }

    public var problem: Problem {
        Problem(kind: "database-unavailable", status: 503, title: .init(zh: "服务暂不可用", en: "Service unavailable"), detail: detail)
    }

    /// Whether `error` says the connection to the server is gone (closed by either side, refused, cut, ended by the
    /// server as it stops or loses its postmaster — SQLSTATE class 57P —, or its pool closed or giving up on
    /// connecting) rather than that a statement was refused.
    public static func isConnectionLoss(_ error: any Error) -> Bool {
        if error is DatabaseUnavailable || error is ConnectionPoolError { return true }
        guard let error = error as? PSQLError else { return false }
        if error.code == .server, error.serverInfo?[.sqlState]?.hasPrefix("57P") == true { return true }
        return [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed].contains(error.code)
    }
}
