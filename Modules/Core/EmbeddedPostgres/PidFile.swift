import Foundation
import Glibc

/// The `postmaster.pid` a server writes into its data directory while it runs.
///
/// Line 1 is the postmaster's pid, line 4 its port and line 8 its status (`starting`, `ready`,
/// `stopping`, `standby`). The file outlives a crashed server, so a pid file alone proves nothing:
/// check ``isServing(_:)``.
struct PidFile: Sendable, Equatable {
    let pid: pid_t
    let port: Int
    let status: String

    var isReady: Bool { status == "ready" }

    /// The pid file in `pgdata`, or `nil` when it is absent or not (yet) completely written.
    static func read(in pgdata: URL) -> PidFile? {
        guard let text = try? String(contentsOf: location(in: pgdata), encoding: .utf8) else {
            return nil
        }
        return parse(text)
    }

    static func location(in pgdata: URL) -> URL {
        pgdata.appending(path: "postmaster.pid")
    }

    static func parse(_ text: String) -> PidFile? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard lines.count >= 8, let pid = pid_t(lines[0]), pid > 0, let port = Int(lines[3]) else { return nil }
        return PidFile(pid: pid, port: port, status: lines[7])
    }

    /// Whether the pid is alive and serves `pgdata`: the postmaster's working directory is its data
    /// directory. When another user's `/proc/<pid>/cwd` cannot be read, the program name must be `postgres`.
    /// A zombie (exited, not yet reaped by its parent) serves nothing.
    func isServing(_ pgdata: URL) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"), stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
        {
            return false
        }
        if let cwd = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/cwd") {
            return cwd == pgdata.resolvingSymlinksInPath().path
        }
        let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)
        return name?.hasPrefix("postgres") ?? true
    }
}
