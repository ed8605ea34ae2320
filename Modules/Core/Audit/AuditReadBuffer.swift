import Database
import Logging
import ServiceLifecycle
import Synchronization

/// Reads of a child's file (and refused sign-ins) are audited through this buffer: entries wait at most `interval`
/// (one second) and are written in batches; graceful shutdown flushes what is left. Run it as a `Service`.
///
/// The batches are written after their requests' transactions ended, so each entry keeps the actor it was built with
/// (`Call.auditRead` takes it from the authenticated caller); the database function behind the flush trusts the gateway
/// process that calls it (see `AuditLog`).
public final class AuditReadBuffer: Service, Sendable {
    let database: Database
    let log: AuditLog
    let interval: Duration
    let pending = Mutex<[AuditEntry]>([])

    public init(database: Database, log: AuditLog, interval: Duration = .seconds(1)) {
        self.database = database
        self.log = log
        self.interval = interval
    }

    public func append(_ entry: AuditEntry) {
        pending.withLock { $0.append(entry) }
    }

    /// How many entries wait to be written (`tonghu_audit_buffer_depth`): growing without end means the flush fails.
    public var depth: Int { pending.withLock { $0.count } }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            try? await Task.sleep(for: interval)
            await flushLogging()
        }
        await flushLogging()
    }

    /// Writes everything buffered now; on failure the entries go back to the front of the buffer.
    public func flush() async throws {
        let batch = pending.withLock { entries in
            defer { entries.removeAll(keepingCapacity: true) }
            return entries
        }
        guard !batch.isEmpty else { return }
        do {
            try await database.withConnection { try await log.recordBuffered(batch, on: $0) }
        } catch {
            pending.withLock { $0.insert(contentsOf: batch, at: 0) }
            throw error
        }
    }

    private func flushLogging() async {
        do { try await flush() } catch {
            database.logger.error(
                "audit flush failed; entries kept for the next attempt", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
