import ServiceLifecycle
import Synchronization

/// 连接丢失 — work that may be left waiting on a connection the server already closed.
///
/// PostgresNIO 1.33.2 writes each statement to its channel without a promise: a statement sent on a connection whose
/// channel has already closed is dropped by the channel and its caller waits for ever, deaf to cancellation. When the
/// postmaster dies, every lease whose body sends its next statement after its backend left is stuck so, with its
/// request, its lease and so the gateway's shutdown. ``abandoning(within:_:)`` runs such work in a task of its own and
/// answers as soon as the work ends, the caller is cancelled, a deadline passes, or ``Database`` finds a lease inside the
/// work stuck on a closed connection (503); the stuck task is left behind and ends, if ever, on its own.
public enum LostConnection {
    /// The waiting caller to release when a lease of this work is found stuck on a closed connection.
    @TaskLocal static var waiting: Release?

    /// Releases the caller of the work running in this task, if it runs inside ``abandoning(within:_:)``.
    static func abandon(with error: any Error) {
        waiting?.fail(error)
    }

    /// `work`'s answer, or its caller's release: `CancellationError` when the caller is cancelled (the work is cancelled
    /// too) or `drain` after a graceful shutdown began, `expired` once `deadline` has passed, ``DatabaseUnavailable``
    /// when a lease of the work is stuck on a closed connection.
    public static func abandoning<T: Sendable>(
        within deadline: Duration? = nil, expired: @autoclosure @escaping @Sendable () -> any Error = DatabaseUnavailable(),
        drain: Duration? = nil, _ work: @escaping @Sendable () async throws -> T
    ) async throws -> T {
        let answer = Answer<T>()
        let release = Release { answer.give(.failure($0)) }
        let task = Task {
            do {
                answer.give(.success(try await $waiting.withValue(release) { try await work() }))
            } catch {
                answer.give(.failure(error))
            }
        }
        let timer = deadline.map { deadline in
            Task {
                try await Task.sleep(for: deadline)
                answer.give(.failure(expired()))
            }
        }
        let draining = Mutex<Task<Void, any Error>?>(nil)
        defer {
            timer?.cancel()
            draining.withLock { $0?.cancel() }
        }
        return try await withGracefulShutdownHandler {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { answer.await($0) }
            } onCancel: {
                task.cancel()
                answer.give(.failure(CancellationError()))
            }
        } onGracefulShutdown: {
            guard let drain else { return }
            draining.withLock {
                $0 = Task {
                    try await Task.sleep(for: drain)
                    answer.give(.failure(CancellationError()))
                }
            }
        }
    }

    /// Fails the caller waiting in ``abandoning(within:_:)``.
    final class Release: Sendable {
        let fail: @Sendable (any Error) -> Void

        init(_ fail: @escaping @Sendable (any Error) -> Void) { self.fail = fail }
    }
}

/// The first of the work's result and its releases, given to the caller once.
private final class Answer<T: Sendable>: Sendable {
    private struct State {
        var waiting: CheckedContinuation<T, any Error>?
        var early: Result<T, any Error>?
        var given = false
    }

    private let state = Mutex(State())

    func await(_ continuation: CheckedContinuation<T, any Error>) {
        let early: Result<T, any Error>? = state.withLock { state in
            if state.early == nil { state.waiting = continuation }
            return state.early
        }
        if let early { continuation.resume(with: early) }
    }

    func give(_ result: Result<T, any Error>) {
        let waiting: CheckedContinuation<T, any Error>? = state.withLock { state in
            guard !state.given else { return nil }
            state.given = true
            guard let waiting = state.waiting else {
                state.early = result
                return nil
            }
            state.waiting = nil
            return waiting
        }
        waiting?.resume(with: result)
    }
}
