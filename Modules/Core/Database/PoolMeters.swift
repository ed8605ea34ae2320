import CoreMetrics
import Synchronization

/// 连接池指标 — what `/metrics` shows of one pool, labelled with its role (`pool="tonghu_gateway"`):
/// `tonghu_db_connections_in_use` (leased connections, a body still running on a lost one included),
/// `tonghu_db_lease_waiting` (leases waiting for a connection) and `tonghu_db_lease_acquire_seconds` (how long each
/// granted lease waited, a histogram).
struct PoolMeters: Sendable {
    let inUse: Meter
    let waiting: Meter
    let acquire: CoreMetrics.Timer

    init(pool: String, factory: any MetricsFactory) {
        let dimensions = [("pool", pool)]
        inUse = Meter(label: "tonghu_db_connections_in_use", dimensions: dimensions, factory: factory)
        waiting = Meter(label: "tonghu_db_lease_waiting", dimensions: dimensions, factory: factory)
        acquire = CoreMetrics.Timer(label: "tonghu_db_lease_acquire_seconds", dimensions: dimensions, factory: factory)
    }

    /// A lease from the moment it is asked for: it waits until ``MeteredLease/granted()``, holds a connection until
    /// ``MeteredLease/ended()``.
    func lease() -> MeteredLease {
        waiting.increment()
        return MeteredLease(meters: self)
    }
}

/// One lease as the pool's meters count it; `ended()` must follow whether or not it was granted.
final class MeteredLease: Sendable {
    private let meters: PoolMeters
    private let asked = ContinuousClock.now
    private let isGranted = Mutex(false)

    fileprivate init(meters: PoolMeters) {
        self.meters = meters
    }

    func granted() {
        let first = isGranted.withLock { granted in
            defer { granted = true }
            return !granted
        }
        guard first else { return }
        meters.waiting.decrement()
        meters.inUse.increment()
        let waited = asked.duration(to: .now).components
        meters.acquire.recordNanoseconds(waited.seconds * 1_000_000_000 + waited.attoseconds / 1_000_000_000)
    }

    func ended() {
        if isGranted.withLock({ $0 }) { meters.inUse.decrement() } else { meters.waiting.decrement() }
    }
}
