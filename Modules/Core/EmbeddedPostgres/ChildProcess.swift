import Foundation
import Glibc
import Synchronization

/// A child process spawned — and later reaped — by a dedicated thread that lives exactly as long as the child.
///
/// Linux delivers `setpriv --pdeathsig` when the spawning *thread* exits, not the process, so the
/// child must not be spawned from a pool thread that may be retired while the child still runs.
/// The child gets `/dev/null` as stdin, `output` (appended) as stdout and stderr, no other
/// descriptors, default signal handling, and its own process group (a terminal's Ctrl-C reaches
/// only the parent, which then stops the child in order) — or, with `newSession`, its own session,
/// for a server that outlives us.
final class ChildProcess: Sendable {
    let pid: pid_t
    private let state = Mutex(State())

    private struct State {
        var termination: Termination?
        var waiters: [CheckedContinuation<Termination, Never>] = []
    }

    /// How a child ended.
    enum Termination: Sendable, Equatable, CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)

        var isSuccess: Bool { self == .exited(0) }

        var description: String {
            switch self {
            case let .exited(code): "exit status \(code)"
            case let .signalled(signal): "signal \(signal)"
            }
        }
    }

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Spawns `command` with its output appended to `output`.
    ///
    /// - Throws: ``EmbeddedPostgresError/spawnFailed(executable:reason:)``.
    static func launch(_ command: Command, output: URL, newSession: Bool = false) async throws -> ChildProcess {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let child: ChildProcess
                do {
                    child = ChildProcess(pid: try spawn(command, output: output, newSession: newSession))
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                continuation.resume(returning: child)
                child.reap()
            }
            thread.name = "tonghu-embedded-postgres"
            thread.start()
        }
    }

    /// The termination, or `nil` while the child runs.
    var termination: Termination? {
        state.withLock { $0.termination }
    }

    /// Waits until the child has exited and been reaped.
    func waitForExit() async -> Termination {
        await withCheckedContinuation { continuation in
            let ended = state.withLock { state -> Termination? in
                if let termination = state.termination { return termination }
                state.waiters.append(continuation)
                return nil
            }
            if let ended { continuation.resume(returning: ended) }
        }
    }

    /// Sends `signal` to the child unless it has already been reaped (its pid may be reused then).
    func send(_ signal: Int32) {
        state.withLock { state in
            if state.termination == nil { _ = kill(pid, signal) }
        }
    }

    /// Blocks the owning thread until the child exits, then records how it ended.
    private func reap() {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        let termination: Termination = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        let waiters = state.withLock { state in
            state.termination = termination
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume(returning: termination) }
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not export.
    private static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? =
        dlsym(nil, "posix_spawn_file_actions_addclosefrom_np").map {
            unsafeBitCast($0, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
        }

    /// glibc's `POSIX_SPAWN_SETSID` (2.26+), which Swift's Glibc module does not export.
    private static let spawnSetSID: Int32 = 0x80

    private static func spawn(_ command: Command, output: URL, newSession: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output.path, O_WRONLY | O_APPEND | O_CREAT, 0o640)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        _ = addCloseFrom?(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        let detach = newSession ? spawnSetSID : Int32(POSIX_SPAWN_SETPGROUP)
        posix_spawnattr_setflags(&attributes, Int16(Int32(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | detach))

        let argv = ([command.executable.path] + command.arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, command.executable.path, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw EmbeddedPostgresError.spawnFailed(executable: command.executable.path, reason: String(cString: strerror(result)))
        }
        return pid
    }
}
