import CSVFiles
import Foundation

/// `tonghu-csv-bench`: how fast `CSVReader` reads what an upload may hold (issue 10 item 11), in MB/s of input, each
/// against a baseline over the same bytes in the same run: `String(decoding:as: UTF8.self)`, which validates and
/// repairs UTF-8 in one pass. Inputs of `--megabytes` MB (default 32; or `--kilobytes`): a roster saved as GB18030 (and, for comparison,
/// the same roster as UTF-8), `0xFF` bytes without a line break (one record), and `0xFF` lines of 63 bytes (one refused
/// record each). Goal: ≥ 10 MB/s for valid and invalid input alike. Best of `--runs` (default 3). Then the same roster as
/// an xlsx workbook (issue 15): written by `XLSXWriter` and read by `CSVReader`, each against the CSV of the same rows.
@main
struct CSVBenchmark {
    static func main() throws {
        let arguments = CommandLine.arguments
        func value(_ flag: String) -> String? {
            arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
        }
        let size = value("--kilobytes").flatMap(Int.init).map { $0 << 10 } ?? (value("--megabytes").flatMap(Int.init) ?? 32) << 20
        let runs = value("--runs").flatMap(Int.init) ?? 3

        let roster = Self.roster(bytes: size)
        let inputs: [(name: String, bytes: Data)] = [
            ("valid GB18030 roster", try Self.gb18030(roster)),
            ("the same roster in UTF-8", Data(roster.utf8)),
            ("0xFF, one record", Data(repeating: 0xFF, count: size)),
            ("0xFF, lines of 63 bytes", Data((0..<size).map { $0 % 64 == 63 ? 0x0A : 0xFF }))
        ]
        print("| input | size | CSVReader | records / refused | String(decoding:) baseline | ratio |")
        print("| --- | --- | --- | --- | --- | --- |")
        for input in inputs {
            var counts = (records: 0, refused: 0)
            let reader = try best(of: runs) { counts = try Self.read(input.bytes) }
            let baseline = try best(of: runs) {
                let text = input.bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
                precondition(!text.isEmpty)
            }
            let megabytes = Double(input.bytes.count) / Double(1 << 20)
            func format(_ number: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", number) }
            let shown = input.bytes.count < 1 << 20 ? "\(input.bytes.count >> 10) KB" : "\(format(megabytes)) MB"
            print(
                "| \(input.name) | \(shown) | \(format(megabytes / reader)) MB/s | \(counts.records) / \(counts.refused) "
                    + "| \(format(megabytes / baseline)) MB/s | \(format(baseline / reader, 2)) |")
        }
        try workbook(roster, runs: runs)
    }

    /// Prints how long the roster's rows take to write and read as xlsx against CSV.
    static func workbook(_ roster: String, runs: Int) throws {
        let rows = roster.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let columns = rows[0].map { SheetColumn($0) }
        var csv = Data()
        var xlsx = Data()
        let csvWrite = try best(of: runs) {
            csv = Data()
            var writer = try TableWriter(.csv, columns: columns) { csv += $0 }
            for row in rows.dropFirst() { try writer.write(row) }
            try writer.finish()
        }
        let xlsxWrite = try best(of: runs) {
            xlsx = Data()
            var writer = try TableWriter(.xlsx, columns: columns) { xlsx += $0 }
            for row in rows.dropFirst() { try writer.write(row) }
            try writer.finish()
        }
        var counts = (csv: 0, xlsx: 0)
        let csvRead = try best(of: runs) { counts.csv = try Self.read(csv).records }
        let xlsxRead = try best(of: runs) { counts.xlsx = try Self.read(xlsx).records }
        precondition(counts.csv == counts.xlsx)
        func format(_ number: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", number) }
        print("")
        print("| \(rows.count - 1) rows | CSV (\(csv.count >> 10) KB) | xlsx (\(xlsx.count >> 10) KB) | ratio |")
        print("| --- | --- | --- | --- |")
        print("| write | \(format(csvWrite)) s | \(format(xlsxWrite)) s | \(format(xlsxWrite / csvWrite)) |")
        print("| read | \(format(csvRead)) s | \(format(xlsxRead)) s | \(format(xlsxRead / csvRead)) |")
    }

    /// Every record and refusal of `bytes`, read as an upload is (1 MB chunks).
    static func read(_ bytes: Data) throws -> (records: Int, refused: Int) {
        var reader = try CSVReader(data: bytes)
        var counts = (records: 0, refused: 0)
        while true {
            do {
                guard try reader.nextRecord() != nil else { return counts }
                counts.records += 1
            } catch {
                counts.refused += 1
            }
        }
    }

    /// The fastest of `runs` runs of `body`, in seconds.
    static func best(of runs: Int, _ body: () throws -> Void) throws -> Double {
        var fastest = Double.infinity
        for _ in 0..<runs {
            let start = ContinuousClock.now
            try body()
            let elapsed = (ContinuousClock.now - start).components
            fastest = min(fastest, Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18)
        }
        return fastest
    }

    /// Rows as the import takes them, with Chinese names and an astral-plane character now and then, about `bytes` long.
    static func roster(bytes: Int) -> String {
        let names = ["张三明", "欧阳㐀娜", "李四", "王小红", "𠀀𠀁村赵六"]
        var text = "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始\n"
        var row = 0
        while text.utf8.count < bytes {
            text +=
                "3204122015050\(String(format: "%05d", row % 100_000)),\(names[row % names.count]),320412100201,320412100201,农村,外出务工,2024-03-01,,\n"
            row += 1
        }
        return text
    }

    /// `text` in GB18030, converted by the `iconv` program (through files, so that no pipe fills up).
    static func gb18030(_ text: String) throws -> Data {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tonghu-csv-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let utf8 = directory.appendingPathComponent("utf8.csv")
        let converted = directory.appendingPathComponent("gb18030.csv")
        try Data(text.utf8).write(to: utf8)
        _ = FileManager.default.createFile(atPath: converted.path, contents: nil)
        let iconv = Process()
        iconv.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        iconv.arguments = ["-f", "UTF-8", "-t", "GB18030", utf8.path]
        iconv.standardOutput = try FileHandle(forWritingTo: converted)
        try iconv.run()
        iconv.waitUntilExit()
        guard iconv.terminationStatus == 0 else { throw BenchmarkFailure(description: "iconv could not convert the roster to GB18030") }
        return try Data(contentsOf: converted)
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let description: String
}
