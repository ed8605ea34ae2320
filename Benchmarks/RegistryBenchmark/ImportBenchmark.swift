import Contract
import Foundation

/// `tonghu registry import` of a generated file (the release CLI as staff run it, under `/usr/bin/time -v` for its
/// peak memory) against `psql \copy` in the same run and the same cluster, on empty tables each time:
/// - the same rows into tables with the same columns and indexes: what the import wrote (children, files, first
///   colours, parent statuses, categories, events), exported and copied into `LIKE … INCLUDING ALL` clones — loading
///   the import's own result without its checks, encryption and derivation; this is the target (at most 2.0×);
/// - the CSV itself into one table with its nine columns and the indexes the core puts on those fields (unique ID
///   number, residence, hukou) — printed for comparison.
struct ImportBenchmark {
    let children: Int
    let cli: TonghuCLI
    let directory: URL

    /// The tables the import writes.
    static let tables = [
        "core.children", "registry.files", "registry.risk_changes", "registry.parent_statuses", "registry.categories", "core.events"
    ]

    func run() throws {
        let csv = directory.appendingPathComponent("children-\(children).csv")
        try ChildrenCSV.write(count: children, to: csv)
        try cli.psql(
            """
            CREATE SCHEMA baseline;
            CREATE TABLE baseline.csv_rows (id_number text, name text, residence_district bigint, hukou_district bigint, hukou_type text,
                                            father_condition text, father_since date, mother_condition text, mother_since date);
            CREATE UNIQUE INDEX ON baseline.csv_rows (id_number);
            CREATE INDEX ON baseline.csv_rows (residence_district);
            CREATE INDEX ON baseline.csv_rows (hukou_district);
            CHECKPOINT;
            """)
        let csvCopy = try cli.psql("\\copy baseline.csv_rows FROM '\(csv.path)' WITH (FORMAT csv, HEADER true)")
        try cli.psql("CHECKPOINT")

        let imported = try cli.importFile(csv)

        var export: [String] = []
        var copy: [String] = []
        for table in Self.tables {
            let file = directory.appendingPathComponent(table + ".copy").path
            let clone = "baseline." + table.replacingOccurrences(of: ".", with: "_")
            export += ["CREATE TABLE \(clone) (LIKE \(table) INCLUDING ALL)", "\\copy \(table) TO '\(file)'"]
            copy.append("\\copy \(clone) FROM '\(file)'")
        }
        try cli.psql(export + ["CHECKPOINT"])
        let tablesCopy = try cli.psql(copy)

        print("Import of \(children) children — \(imported.summary)")
        print(
            String(
                format: "  tonghu registry import:                        %7.2f s, peak memory %.0f MB (target < 256 MB)", imported.seconds,
                imported.peakMB))
        print(
            String(
                format: "  \\copy of the same rows into %d clone tables:    %7.2f s, ratio %.2f (target ≤ 2.0)",
                Self.tables.count, tablesCopy, imported.seconds / tablesCopy))
        print(String(format: "  \\copy of the CSV into one 9-column table:      %7.2f s, ratio %.2f", csvCopy, imported.seconds / csvCopy))
    }
}
