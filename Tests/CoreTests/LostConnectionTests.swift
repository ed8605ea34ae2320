import Boot
import Contract
import PostgresNIO
import Synchronization
import TestSupport
import Testing

/// 连接丢失 — a statement sent on a connection that has already closed is never answered by PostgresNIO 1.33.2; the
/// caller must be released with 503 instead of hanging (issue 10 item 12, the outage fault test's hangs).
@Suite("连接丢失 a lost connection")
struct LostConnectionTests {
    struct TimedOut: Error {}

    @Test("a statement on a connection that closed under its lease answers 503 instead of waiting for ever")
    func statementAfterClose() async throws {
        let database = try await TestCluster.shared.emptyDatabase()
        try await Bootstrap.withTemporary(database, logger: TestCluster.logger) { owner in
            // The bound only catches the hang: without the lease's watch the answer is TimedOut after 20 s.
            let answer: String
            do {
                try await LostConnection.abandoning(within: .seconds(20), expired: TimedOut()) {
                    try await owner.withConnection { connection in
                        try await connection.close()
                        try await connection.run("SELECT 1", logger: owner.logger)
                    }
                }
                answer = "answered"
            } catch is DatabaseUnavailable {
                answer = "503"
            } catch is TimedOut {
                answer = "no answer within 20 s"
            } catch {
                answer = "\(error)"
            }
            #expect(answer == "503")
            // The pool serves the next lease as before.
            let one = try await owner.withConnection {
                try await $0.query("SELECT 1", logger: owner.logger).decode(Int.self).collect()
            }
            #expect(one == [1])
        }
    }

    @Test("work that ignores cancellation is not waited for past its deadline, nor once its caller is cancelled")
    func deaf() async throws {
        let parked = Mutex<[UnsafeContinuation<Void, Never>]>([])
        defer { parked.withLock { $0.forEach { $0.resume() } } }
        let deafWork: @Sendable () async throws -> Int = {
            await withUnsafeContinuation { continuation in parked.withLock { $0.append(continuation) } }
            return 1
        }
        await #expect(throws: TimedOut.self) {
            try await LostConnection.abandoning(within: .milliseconds(200), expired: TimedOut(), deafWork)
        }
        let caller = Task { try await LostConnection.abandoning(deafWork) }
        try await Task.sleep(for: .milliseconds(100))
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(try await LostConnection.abandoning(within: .seconds(30)) { 7 } == 7)
    }
}
