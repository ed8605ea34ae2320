extension EmbeddedCluster {
    /// How a cluster is created and run.
    public struct Options: Sendable {
        /// Server settings passed as `-c name=value` on every start.
        public var settings: [String: String]
        /// Whether `initdb` waits for its files to reach disk (`--no-sync` when `false`).
        public var durable: Bool
        /// How long a start may take before it fails with ``EmbeddedPostgresError/notReady(seconds:logTail:)``.
        public var readinessTimeout: Duration
        /// Whether processes share the server: it runs detached from the process that started it (its own session,
        /// no death signal) and stops when its last user leaves. Otherwise it is the starter's child and dies with it.
        public var shared: Bool

        public init(settings: [String: String] = [:], durable: Bool = true, readinessTimeout: Duration = .seconds(60), shared: Bool = true)
        {
            self.settings = settings
            self.durable = durable
            self.readinessTimeout = readinessTimeout
            self.shared = shared
        }

        /// For data that must survive a crash: the server's defaults.
        public static let persistent = Options()

        /// For test clusters: no fsync, no synchronous commit, no full-page writes — fast, lost on a crash —, room
        /// for the connection pools of many tests running in parallel, and a server that dies with its test process.
        public static let throwaway = Options(
            settings: ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "400"],
            durable: false,
            shared: false
        )
    }
}
