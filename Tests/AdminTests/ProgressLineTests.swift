import Foundation
import Glibc
import Synchronization
import Testing

@testable import Admin

/// The CLI's progress display, on a clock the test moves: a terminal's one rewritten line, a log's periodic lines.
@Suite struct ProgressLineTests {
    final class Recorder: Sendable {
        let time = Mutex(0.0)
        let output = Mutex<[String]>([])
    }

    static func line(_ recorder: Recorder, total: Int?, english: Bool = false, isTerminal: Bool) -> ProgressLine {
        ProgressLine(
            unit: .init(zh: "行", en: "rows"), total: total, english: english, isTerminal: isTerminal,
            now: { recorder.time.withLock { $0 } }, write: { text in recorder.output.withLock { $0.append(text) } })
    }

    @Test func aTerminalGetsOneRewrittenLineWithRateAndTimeLeft() {
        let recorder = Recorder()
        let progress = Self.line(recorder, total: 200_001, isTerminal: true)
        for second in 1...4 {
            recorder.time.withLock { $0 = Double(second) }
            progress.update(second * 10_000)
            recorder.time.withLock { $0 += 0.05 }
            progress.update(second * 10_000 + 500) // too soon to redraw
        }
        recorder.time.withLock { $0 = 5 }
        progress.finish()
        let output = recorder.output.withLock { $0 }
        #expect(output.count == 6, "\(output)")
        #expect(output.dropLast().allSatisfy { $0.hasPrefix("\r\u{1B}[2K") && !$0.contains("\n") })
        #expect(output[0] == "\r\u{1B}[2K已处理 10,000 行 (约 4%), 10,000 行/秒, 预计还需 0:20")
        #expect(output[4] == "\r\u{1B}[2K已处理 40,500 行 (约 20%), 8,100 行/秒, 预计还需 0:20")
        #expect(output[5] == "\n")
    }

    @Test func aPipeGetsAPlainLineEveryFewSecondsInEnglishForLANGen() {
        let recorder = Recorder()
        let progress = Self.line(recorder, total: nil, english: true, isTerminal: false)
        for tenth in 1...120 {
            recorder.time.withLock { $0 = Double(tenth) / 10 }
            progress.update(tenth * 1_000)
        }
        progress.finish()
        let output = recorder.output.withLock { $0 }
        #expect(output == ["50,000 rows, 10,000 rows/s\n", "100,000 rows, 10,000 rows/s\n", "120,000 rows, 10,000 rows/s\n"], "\(output)")
    }

    @Test func shortWorkShowsNothing() {
        let recorder = Recorder()
        let progress = Self.line(recorder, total: 3, isTerminal: false)
        progress.update(3)
        progress.finish()
        #expect(recorder.output.withLock { $0 }.isEmpty)
    }

    @Test func theTotalIsTheCSVFilesLinesAndUnknownForAWorkbook() throws {
        let directory = FileManager.default.temporaryDirectory
        let csv = directory.appendingPathComponent("progress-\(UUID().uuidString).csv")
        let xlsx = directory.appendingPathComponent("progress-\(UUID().uuidString).xlsx")
        defer { for file in [csv, xlsx] { try? FileManager.default.removeItem(at: file) } }
        try Data("身份证号,姓名\n1,a\r\n2,b".utf8).write(to: csv)
        try Data([0x50, 0x4B, 0x03, 0x04, 0x0A, 0x0A]).write(to: xlsx)
        #expect(ProgressLine.estimatedLines(csv) == 3)
        #expect(ProgressLine.estimatedLines(xlsx) == nil)
        #expect(ProgressLine.estimatedLines(directory.appendingPathComponent("absent-\(UUID().uuidString).csv")) == nil)

        // A named pipe is the import's to read: counting its lines would consume them.
        let fifo = directory.appendingPathComponent("progress-\(UUID().uuidString).fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(at: fifo) }
        #expect(ProgressLine.estimatedLines(fifo) == nil)
    }
}
