import Foundation
import Glibc

/// The account the server programs run as: the current user, or — when we are root, which
/// PostgreSQL refuses — the unprivileged `postgres` account, switched to with `setpriv`.
struct ServerAccount: Sendable {
    /// The account switched to when running as root; `nil` when we run the programs as ourselves.
    let switchedTo: SystemUser?
    let setpriv: URL

    struct SystemUser: Sendable {
        let name: String
        let uid: uid_t
        let gid: gid_t
    }

    /// The system user the server runs as when we are root (created by Debian's `postgresql` package).
    static let serviceUser = "postgres"

    /// The account for the current process.
    ///
    /// - Throws: ``EmbeddedPostgresError`` when `setpriv` is missing, or when root has no `postgres` user.
    static func current() throws -> ServerAccount {
        let setpriv = try locateSetpriv()
        guard geteuid() == 0 else { return ServerAccount(switchedTo: nil, setpriv: setpriv) }
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwnam_r(serviceUser, &entry, &buffer, buffer.count, &found) == 0, found != nil else {
            throw EmbeddedPostgresError.serviceAccountMissing(name: serviceUser)
        }
        let user = SystemUser(name: serviceUser, uid: entry.pw_uid, gid: entry.pw_gid)
        return ServerAccount(switchedTo: user, setpriv: setpriv)
    }

    /// Wraps `program` in `setpriv` so that, as root, it drops to the service account, and — unless it is to
    /// outlive us (`diesWithParent` false) — it gets SIGQUIT when its parent dies.
    func command(_ program: URL, _ arguments: [String], diesWithParent: Bool = true) -> Command {
        var prefix: [String] = []
        if let user = switchedTo {
            prefix += ["--reuid=\(user.name)", "--regid=\(user.name)", "--clear-groups"]
        }
        if diesWithParent { prefix += ["--pdeathsig", "SIGQUIT"] }
        prefix += ["--", program.path]
        return Command(executable: setpriv, arguments: prefix + arguments)
    }

    /// Hands `url` to the service account (no-op when not switching); with `recursive`, everything below it too.
    func hand(_ url: URL, recursive: Bool = false) throws {
        guard let user = switchedTo else { return }
        var paths = [url.path]
        if recursive, let below = FileManager.default.enumerator(atPath: url.path) {
            paths += below.compactMap { ($0 as? String).map { url.appending(path: $0).path } }
        }
        for path in paths where lchown(path, user.uid, user.gid) != 0 {
            throw EmbeddedPostgresError.posix(path)
        }
    }

    /// Whether `url` already belongs to the account the server runs as.
    func owns(_ url: URL) -> Bool {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return false }
        return info.st_uid == (switchedTo?.uid ?? geteuid())
    }

    private static func locateSetpriv() throws -> URL {
        let candidates = PostgresBinaries.searchPath() + [URL(filePath: "/usr/bin"), URL(filePath: "/bin")]
        guard let found = candidates.map({ $0.appending(path: "setpriv") }).first(where: PostgresBinaries.isExecutable) else {
            throw EmbeddedPostgresError.toolNotFound(name: "setpriv", install: "apt-get install -y util-linux")
        }
        return found
    }
}
