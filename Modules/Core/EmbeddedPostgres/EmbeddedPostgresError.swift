import Foundation

/// Why the embedded PostgreSQL could not be prepared, started or reached.
///
/// Every `description` is a single line (Chinese, then English) that a CLI can print as is.
public enum EmbeddedPostgresError: Error, CustomStringConvertible {
    /// `initdb`/`postgres` are not installed in any searched directory.
    case binariesNotFound(searched: [String])
    /// A helper program (such as `setpriv`) is missing; `install` is the command that provides it.
    case toolNotFound(name: String, install: String)
    /// Running as root, but there is no unprivileged `postgres` account to run the server as.
    case serviceAccountMissing(name: String)
    /// A file or directory of the cluster could not be created, read or changed.
    case fileSystem(path: String, reason: String)
    /// The service account cannot pass through `path` on the way to the cluster, and its file system takes no ACL.
    case unreachableDirectory(path: String, user: String)
    /// No TCP port on 127.0.0.1 could be bound.
    case noLoopbackPort(reason: String)
    /// A program could not be started at all.
    case spawnFailed(executable: String, reason: String)
    /// `initdb` exited unsuccessfully; `logTail` quotes the end of `postgres.log`.
    case initdbFailed(termination: String, logTail: String)
    /// The server exited before it became ready; `logTail` quotes the end of `postgres.log`.
    case serverExited(termination: String, logTail: String)
    /// The server did not report `ready` in time; `logTail` quotes the end of `postgres.log`.
    case notReady(seconds: Int, logTail: String)
    /// Another process held the cluster's lock for too long.
    case lockTimeout(path: String, seconds: Int)

    public var description: String {
        switch self {
        case .binariesNotFound:
            "未找到 PostgreSQL 服务器程序 (initdb/postgres): 请运行 `apt-get install -y postgresql` 安装"
                + " — PostgreSQL server binaries not found: run `apt-get install -y postgresql`"
        case let .toolNotFound(name, install):
            "未找到 \(name): 请运行 `\(install)` 安装 — \(name) not found: run `\(install)`"
        case let .serviceAccountMissing(name):
            "以 root 运行时需要系统用户 \(name) (由 `apt-get install -y postgresql` 创建)"
                + " — running as root needs the system user \(name) (created by `apt-get install -y postgresql`)"
        case let .fileSystem(path, reason):
            "无法访问 \(path): \(reason) — cannot access \(path): \(reason)"
        case let .unreachableDirectory(path, user):
            "数据库账户 \(user) 无法进入 \(path), 且该文件系统不支持 ACL: 请运行 `chmod o+x \(path)` 或把 TONGHU_DATA_DIR 设在其外"
                + " — the database account \(user) cannot enter \(path) and its file system takes no ACL:"
                + " run `chmod o+x \(path)` or set TONGHU_DATA_DIR outside it"
        case let .noLoopbackPort(reason):
            "无法在 127.0.0.1 上找到空闲端口: \(reason) — no free port on 127.0.0.1: \(reason)"
        case let .spawnFailed(executable, reason):
            "无法启动 \(executable): \(reason) — cannot start \(executable): \(reason)"
        case let .initdbFailed(termination, logTail):
            "initdb 失败 (\(termination)) — initdb failed (\(termination)): \(logTail)"
        case let .serverExited(termination, logTail):
            "PostgreSQL 启动失败 (\(termination)) — PostgreSQL exited while starting (\(termination)): \(logTail)"
        case let .notReady(seconds, logTail):
            "PostgreSQL 在 \(seconds) 秒内未就绪 — PostgreSQL not ready after \(seconds)s: \(logTail)"
        case let .lockTimeout(path, seconds):
            "等待 \(path) 超过 \(seconds) 秒 (另一进程正在启动数据库) — waited \(seconds)s for \(path) (another process is starting the database)"
        }
    }
}

extension EmbeddedPostgresError {
    /// A ``fileSystem(path:reason:)`` error for `path` from the current `errno`.
    static func posix(_ path: String) -> EmbeddedPostgresError {
        .fileSystem(path: path, reason: String(cString: strerror(errno)))
    }
}
