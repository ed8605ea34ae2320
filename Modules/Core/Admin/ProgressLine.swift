import Contract
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// 进度行 — the CLI's progress display for every long command: rows done, the rate and, when the total is known, the
/// share done and the time left. On a terminal it is one line on standard error, rewritten at most five times a
/// second and completed at the end; otherwise (a pipe, a log file, cron) a plain line every ``plainInterval`` seconds,
/// so a log shows that the work is alive without a line per batch.
final class ProgressLine: ProgressMeter, @unchecked Sendable {
    static let plainInterval = 5.0
    static let terminalInterval = 0.2

    private let unit: Localized
    private let total: Int?
    private let english: Bool
    private let isTerminal: Bool
    private let interval: Double
    private let now: @Sendable () -> Double
    private let write: @Sendable (String) -> Void
    private let lock = NSLock()
    private let start: Double
    private var lastShown: Double
    private var position = 0
    private var shown = false

    /// `now` is monotonic seconds; `write` receives each piece of output as it is to appear on standard error.
    init(
        unit: Localized, total: Int?, english: Bool, isTerminal: Bool, interval: Double? = nil,
        now: @escaping @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime },
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.unit = unit
        self.total = total
        self.english = english
        self.isTerminal = isTerminal
        self.interval = interval ?? (isTerminal ? Self.terminalInterval : Self.plainInterval)
        self.now = now
        self.write = write
        start = now()
        lastShown = start
    }

    /// The display for `tonghu`'s standard error, in the language of `LANG`, the total estimated from `file`.
    convenience init(unit: Localized, reading file: URL?) {
        self.init(
            unit: unit, total: file.flatMap(Self.estimatedLines), english: CommandLanguage.current == .english,
            isTerminal: isatty(STDERR_FILENO) != 0)
    }

    func update(_ position: Int) {
        lock.withLock {
            self.position = max(self.position, position)
            let time = now()
            guard time - lastShown >= interval else { return }
            lastShown = time
            show(at: time)
        }
    }

    func finish() {
        lock.withLock {
            guard shown else { return }
            show(at: now())
            if isTerminal { write("\n") }
        }
    }

    private func show(at time: Double) {
        shown = true
        let line = text(elapsed: time - start)
        write(isTerminal ? "\r\u{1B}[2K" + line : line + "\n")
    }

    /// `已处理 12,345 行 (约 34%), 4,567 行/秒, 预计还需 0:12` / `12,345 rows (about 34%), 4,567 rows/s, about 0:12 left`.
    func text(elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(position) / elapsed : 0
        var parts = [english ? "\(Self.grouped(position)) \(unit.en)" : "已处理 \(Self.grouped(position)) \(unit.zh)"]
        if let total, total > 0 {
            let share = min(100, position * 100 / total)
            parts[0] += english ? " (about \(share)%)" : " (约 \(share)%)"
        }
        parts.append(english ? "\(Self.grouped(Int(rate))) \(unit.en)/s" : "\(Self.grouped(Int(rate))) \(unit.zh)/秒")
        if let total, rate > 0, position < total {
            let left = Self.clock(Double(total - position) / rate)
            parts.append(english ? "about \(left) left" : "预计还需 \(left)")
        }
        return parts.joined(separator: ", ")
    }

    /// The number of lines of a CSV file (its line ends, and an unfinished last line); `nil` for an xlsx workbook (a zip),
    /// for what is not a regular file (a named pipe or `/dev/stdin` would lose to this count what the import must read)
    /// and for a file that cannot be read. Quoted line breaks count too: an estimate.
    static func estimatedLines(_ file: URL) -> Int? {
        var status = stat()
        guard stat(file.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG, let handle = try? FileHandle(forReadingFrom: file)
        else { return nil }
        defer { try? handle.close() }
        var lines = 0
        var last: UInt8 = 0x0A
        var first = true
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            if first, chunk.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return nil }
            first = false
            lines += chunk.withUnsafeBytes { bytes in
                guard var cursor = bytes.baseAddress else { return 0 }
                let end = cursor + bytes.count
                var count = 0
                while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
                    count += 1
                    cursor = UnsafeRawPointer(found) + 1
                }
                return count
            }
            last = chunk[chunk.index(before: chunk.endIndex)]
        }
        return lines + (last == 0x0A ? 0 : 1)
    }

    private static func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        return digits.enumerated().map { index, digit in
            index > 0 && (digits.count - index) % 3 == 0 ? ",\(digit)" : "\(digit)"
        }.joined()
    }

    /// `0:12`, `4:05`, `1:02:03`.
    private static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded(.up))
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let tail = String(format: "%02d", rest)
        return hours > 0 ? "\(hours):\(String(format: "%02d", minutes)):\(tail)" : "\(minutes):\(tail)"
    }
}
