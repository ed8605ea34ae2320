import Logging
import Synchronization

/// Collects every log line (at trace level) so tests can check what never reaches a log.
public final class LogCapture: Sendable {
    let storage = Mutex<[String]>([])

    public init() {}

    public var lines: [String] { storage.withLock { $0 } }

    public var logger: Logger {
        var logger = Logger(label: "tonghu-capture") { _ in Handler(capture: self) }
        logger.logLevel = .trace
        return logger
    }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.storage.withLock { $0.append("\(event.level) \(event.message) \(all)") }
        }
    }
}
