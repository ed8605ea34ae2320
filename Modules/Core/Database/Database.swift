import CoreMetrics
import Logging
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The pooled PostgreSQL client every part of Tonghu shares; run it as a `Service` in the service group.
///
/// An outage (数据库中断) is reported and survived here. A lease that waits longer than
/// ``DatabaseConfiguration/leaseWait`` asks a probe outside the pool whether the server answers; once it is known
/// down, every lease fails at once with ``DatabaseUnavailable`` (503) instead of waiting, a lost connection is
/// ``DatabaseUnavailable`` too, and a probe every ``DatabaseConfiguration/probeInterval`` notices the server's return
/// and puts a new pool in place (PostgresNIO's pool backs off reconnecting for up to a minute, which cannot be reset).
public final class Database: Service, Sendable {
    public let configuration: DatabaseConfiguration
    public let logger: Logger
    private let meters: PoolMeters
    private let state: Mutex<State>
    /// The pools for `run()` to run: the first, then each replacement.
    private let pools: AsyncStream<Pool>
    private let newPools: AsyncStream<Pool>.Continuation

    private struct State {
        var pool: Pool
        /// The server did not answer the last probe: leases fail at once until a probe succeeds.
        var down = false
        /// A connection was lost: the next probe decides whether the server is down.
        var suspect = false
        /// The probe in flight, shared by everyone who asks meanwhile.
        var probe: Task<Bool, Never>?
        /// When a probe last found the server: an answer younger than `probeInterval` is reused, so leases waiting
        /// on a busy pool do not open a connection each.
        var answered: ContinuousClock.Instant?
    }

    /// One `PostgresClient` and the signal that ends its `run()` once a replacement serves.
    private final class Pool: Sendable {
        let client: PostgresClient
        let retired: AsyncStream<Void>
        let retire: AsyncStream<Void>.Continuation

        init(_ configuration: DatabaseConfiguration, logger: Logger) {
            client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
            (retired, retire) = AsyncStream.makeStream()
        }
    }

    /// `metrics`: where the pool's meters report (``PoolMeters``, labelled with the configuration's role); the
    /// process's `MetricsSystem` by default (the gateway bootstraps Prometheus there before it boots).
    public init(configuration: DatabaseConfiguration, logger: Logger, metrics: any MetricsFactory = MetricsSystem.factory) {
        self.configuration = configuration
        self.logger = logger
        meters = PoolMeters(pool: configuration.username, factory: metrics)
        let pool = Pool(configuration, logger: logger)
        state = Mutex(State(pool: pool))
        (pools, newPools) = AsyncStream.makeStream()
        newPools.yield(pool)
    }

    /// The pool serving now (a new one after an outage): prefer ``withConnection(leaseWait:_:)``, which fails fast
    /// while the server is down.
    public var client: PostgresClient { state.withLock { $0.pool.client } }

    /// Whether the server is known to be down (the last probe found no answer).
    public var isDown: Bool { state.withLock { $0.down } }

    /// Runs the pools and the outage probe until cancelled or shut down gracefully.
    public func run() async {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask { await self.watch() }
                for await pool in self.pools {
                    group.addTask {
                        await withDiscardingTaskGroup { running in
                            running.addTask { await pool.client.run() }
                            for await _ in pool.retired {}
                            running.cancelAll()
                        }
                    }
                }
            }
        }
    }

    /// Gives a pool whose `run()` was just started in a sibling task the moment it needs to begin, so the first
    /// lease does not log PostgresNIO's "run() hasn't been called yet" warning (the lease would work either way).
    public func started() async {
        try? await Task.sleep(for: .milliseconds(5))
    }

    /// Runs `body` on one leased connection outside any explicit transaction. A lease still waiting after
    /// `leaseWait` (default ``DatabaseConfiguration/leaseWait``) goes on waiting only while the probe finds the server.
    ///
    /// - Throws: ``DatabaseUnavailable`` at once while the server is known down, when the connection is lost, or
    ///   when the pool gives up connecting; otherwise what `body` throws.
    public func withConnection<T: Sendable>(
        leaseWait: Duration? = nil, _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        let pool = try state.withLock { state in
            guard !state.down else { throw DatabaseUnavailable() }
            return state.pool
        }
        let (wait, meters) = (leaseWait ?? configuration.leaseWait, meters)
        do {
            return try await withoutActuallyEscaping(body) { body in
                try await withThrowingTaskGroup(of: LeaseOutcome<T>.self) { group in
                    let lease = Lease()
                    group.addTask {
                        let metered = meters.lease()
                        defer { metered.ended() }
                        return .value(
                            try await pool.client.withConnection { connection in
                                metered.granted()
                                // A connection that closed before it was leased would never answer (see LostConnection).
                                guard !connection.isClosed else { throw DatabaseUnavailable() }
                                lease.connection.withLock { $0 = connection }
                                return try await body(connection)
                            })
                    }
                    group.addTask {
                        try await self.watch(lease, on: pool, wait: wait)
                        return .stuck
                    }
                    while let outcome = try await group.next() {
                        if case let .value(value) = outcome {
                            group.cancelAll()
                            return value
                        }
                    }
                    throw CancellationError()
                }
            }
        } catch  where DatabaseUnavailable.isConnectionLoss(error) {
            state.withLock { $0.suspect = true }
            throw DatabaseUnavailable()
        }
    }

    /// Watches one lease: while it waits longer than `wait` for a connection, the server is probed (no answer, or a
    /// pool retired meanwhile, fails the lease with ``DatabaseUnavailable``); once granted, its connection is checked
    /// every ``DatabaseConfiguration/probeInterval``. A connection found closed while the body still runs means the
    /// body's next statement may never be answered: one interval later (a statement already sent fails by itself in
    /// that time) the caller is released with 503 (``LostConnection``) and the server is probed. Returns only then.
    private func watch(_ lease: Lease, on pool: Pool, wait: Duration) async throws {
        let interval = min(wait, configuration.probeInterval)
        var waited = Duration.zero
        while true {
            try await Task.sleep(for: interval)
            if let connection = lease.connection.withLock({ $0 }) {
                guard connection.isClosed else { continue }
                try await Task.sleep(for: configuration.probeInterval)
                state.withLock { $0.suspect = true }
                logger.warning("a statement on a lost connection gets no answer: its caller is released with 503")
                LostConnection.abandon(with: DatabaseUnavailable())
                return
            }
            waited += interval
            guard waited >= wait else { continue }
            waited = .zero
            // A pool replaced after an outage is retired: a lease still waiting on it would wait for ever, so it fails
            // as the outage's other requests did (the caller retries on the new one).
            guard await probe(), state.withLock({ $0.pool === pool }) else { throw DatabaseUnavailable() }
        }
    }

    /// Runs `body` in one transaction; `settings` are applied first with `set_config(name, value, true)`, so
    /// they last exactly as long as the transaction (this is how the caller's district scope reaches RLS).
    /// The error thrown by `body` is rethrown unchanged after a rollback.
    public func transaction<T: Sendable>(
        settings: [(name: String, value: String)] = [],
        leaseWait: Duration? = nil,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await withConnection(leaseWait: leaseWait) { connection in
            try await connection.transaction(settings: settings, logger: logger, body)
        }
    }

    /// Whether the server answers a fresh connection outside the pool; no answer makes ``isDown`` true (only the
    /// watch, once a new pool serves, makes it false again). Callers asking while a probe is in flight share its answer,
    /// and while the server is up an answer younger than ``DatabaseConfiguration/probeInterval`` is reused.
    @discardableResult
    public func probe() async -> Bool {
        let interval = configuration.probeInterval
        let task: Task<Bool, Never>? = state.withLock { state in
            if !state.down && !state.suspect, let answered = state.answered, answered.duration(to: .now) < interval { return nil }
            if let probe = state.probe { return probe }
            let probe = Task { await self.connectOutsidePool() }
            state.probe = probe
            return probe
        }
        guard let task else { return true }
        let answered = await task.value
        let wasDown = state.withLock { state in
            defer {
                if answered { state.answered = .now } else { state.down = true }
                state.suspect = false
                state.probe = nil
            }
            return state.down
        }
        if !answered && !wasDown {
            logger.error("database unreachable: requests fail with 503 until it answers", metadata: ["host": "\(configuration.host)"])
        }
        return answered
    }

    /// Probes while the server is down or a connection was lost; when it answers again, a new pool replaces the
    /// old one (whose connections are dead and whose reconnecting has backed off).
    private func watch() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.probeInterval)
            let (down, suspect) = state.withLock { ($0.down, $0.suspect) }
            guard down || suspect else { continue }
            guard await probe(), down else { continue }
            let fresh = Pool(configuration, logger: logger)
            newPools.yield(fresh)
            await started()
            let old = state.withLock { state in
                defer {
                    state.pool = fresh
                    state.down = false
                }
                return state.pool
            }
            old.retire.finish()
            logger.notice("database reachable again: a new connection pool serves", metadata: ["host": "\(configuration.host)"])
        }
    }

    /// Connects, runs `SELECT 1` and disconnects; `false` when the connection is refused or lost, or the server says it
    /// is starting or stopping. Any other refusal (a wrong password, no free connection slot) means the server is up,
    /// and so does no answer within ``DatabaseConfiguration/probeTimeout``: on a loaded machine a slow connect is not
    /// an outage, and taking it for one failed healthy requests with 503 (the test suite on two cores did). Never waits
    /// longer than the timeout, so a socket that accepts and never answers cannot hang the probe, `/readyz` (which has
    /// its own deadline) or the shutdown.
    private func connectOutsidePool() async -> Bool {
        let (configuration, logger) = (configuration, logger)
        let answer = ProbeAnswer()
        return await withCheckedContinuation { continuation in
            answer.await(continuation)
            let attempt = Task {
                do {
                    let connection = try await PostgresConnection.connect(
                        configuration: try configuration.probeConfiguration, id: 0, logger: logger)
                    do {
                        try await connection.run("SELECT 1", logger: logger)
                    } catch {
                        try? await connection.close()
                        throw error
                    }
                    try? await connection.close()
                    answer.give(true)
                } catch let error as PSQLError where error.code == .server {
                    let state = error.serverInfo?[.sqlState] ?? ""
                    answer.give(!(state.hasPrefix("57P") || state.hasPrefix("08")))
                } catch {
                    answer.give(false)
                }
            }
            Task {
                try? await Task.sleep(for: configuration.probeTimeout)
                if answer.give(true) { attempt.cancel() }
            }
        }
    }
}

/// The first answer of a probe's attempt or of its timer, whichever comes first.
private final class ProbeAnswer: Sendable {
    private let waiting = Mutex<CheckedContinuation<Bool, Never>?>(nil)

    func await(_ continuation: CheckedContinuation<Bool, Never>) {
        waiting.withLock { $0 = continuation }
    }

    /// Answers if no answer was given yet; whether this call answered.
    @discardableResult
    func give(_ answered: Bool) -> Bool {
        guard
            let continuation = waiting.withLock({ waiting in
                defer { waiting = nil }
                return waiting
            })
        else { return false }
        continuation.resume(returning: answered)
        return true
    }
}

/// The connection the pool granted, once it did: its watch stops probing and checks the connection instead.
private final class Lease: Sendable {
    let connection = Mutex<PostgresConnection?>(nil)
}

/// What a lease's racing tasks report: the body's value, or that the body is stuck on a lost connection (its caller
/// was released; the body is left to end, if ever, on its own).
private enum LeaseOutcome<T: Sendable>: Sendable {
    case value(T)
    case stuck
}

extension PostgresConnection {
    /// `BEGIN`, settings, `body`, `COMMIT` — or `ROLLBACK` and the original error.
    public func transaction<T: Sendable>(
        settings: [(name: String, value: String)] = [],
        logger: Logger,
        _ body: @Sendable (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await run("BEGIN", logger: logger)
        do {
            if !settings.isEmpty {
                try await run(Self.setConfig(settings), logger: logger)
            }
            let value = try await body(self)
            try await run("COMMIT", logger: logger)
            return value
        } catch {
            _ = try? await query("ROLLBACK", logger: logger)
            throw error
        }
    }

    /// `SELECT set_config(name, value, true), …`: each setting lasts until the end of the transaction.
    public static func setConfig(_ settings: [(name: String, value: String)]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: settings.count * 2)
        var calls: [String] = []
        for (index, setting) in settings.enumerated() {
            bindings.append(setting.name)
            bindings.append(setting.value)
            calls.append("set_config($\(index * 2 + 1), $\(index * 2 + 2), true)")
        }
        return PostgresQuery(unsafeSQL: "SELECT " + calls.joined(separator: ", "), binds: bindings)
    }

    /// Runs one statement and drains its result (for statements whose rows nobody reads).
    public func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }

    /// Runs a script of several statements (a migration), one statement at a time.
    public func run(script: String, logger: Logger) async throws {
        for statement in SQLScript.statements(in: script) {
            try await run(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
    }
}
