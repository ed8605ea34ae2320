import Foundation
import Testing

/// `swift package scaffold-programme` writes a programme in the real shape that builds and passes its own conformance,
/// route and scope tests. The scaffold runs on a copy of this package kept between runs in `.build/scaffold-check/`
/// (this package's `.build` is locked by `swift test`; the copy has its own). The copy is synchronised file by file,
/// keeping modification times, so its build directory stays valid: the first run builds the dependencies and the core
/// once (about as long as a clean build), later runs only what changed and the generated programme. The copy's manifest
/// is then cut to the generated test target, so only it and what it imports are built and run.
@Suite struct ScaffoldTests {
    static let packageRoot = BoundaryCheckTests.packageRoot
    static let copy = packageRoot.appendingPathComponent(".build/scaffold-check/tonghu")
    /// What the copy needs of the package; everything else (`.build`, `.git`, data directories) stays out.
    static let entries = [
        "Package.swift", "Package.resolved", ".swift-format", "Modules", "Apps", "Benchmarks", "Plugins", "Tests", "Docker"
    ]

    @Test func theScaffoldWritesTheRealShapeThatBuildsAndPassesItsTests() throws {
        // Two suites run in one checkout (the lead's and an engineer's) take turns on the copy.
        try FileManager.default.createDirectory(at: Self.copy.deletingLastPathComponent(), withIntermediateDirectories: true)
        let lock = open(Self.copy.deletingLastPathComponent().appendingPathComponent("lock").path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(lock >= 0 && flock(lock, LOCK_EX) == 0)
        defer { close(lock) }
        let started = Date()
        try PackageCopy.sync(Self.entries, from: Self.packageRoot, to: Self.copy)
        let scaffold = try SwiftPackage.run(
            [
                "package", "--allow-writing-to-package-directory", "scaffold-programme", "demo-notes", "--title", "工作便签",
                "--english-title", "Work notes"
            ], in: Self.copy)
        try #require(scaffold.status == 0, "\(scaffold.output)")

        let shape = [
            "Modules/Programmes/DemoNotes/DemoNotes/DemoNotesProgramme.swift",
            "Modules/Programmes/DemoNotes/DemoNotes/Schema/DemoNotesSchema.swift",
            "Modules/Programmes/DemoNotes/DemoNotes/Domain/Note.swift", "Modules/Programmes/DemoNotes/DemoNotes/Notes/NoteRepository.swift",
            "Modules/Programmes/DemoNotes/DemoNotes/Notes/NoteEndpoints.swift",
            "Modules/Programmes/DemoNotes/DemoNotes/Pages/NotePages.swift",
            "Modules/Programmes/DemoNotes/DemoNotes/Commands/DemoNotesCommand.swift",
            "Modules/Programmes/DemoNotes/DemoNotesInterface/DemoNotesEvents.swift", "Tests/DemoNotesTests/DemoNotesFixture.swift",
            "Tests/DemoNotesTests/DemoNotesProgrammeTests.swift", "Tests/DemoNotesTests/NoteRouteTests.swift",
            "Tests/DemoNotesTests/DemoNotesCommandTests.swift", "Tests/DemoNotesTests/NotePageTests.swift",
            "Tests/Browser/test_demo_notes.py"
        ]
        for path in shape {
            #expect(FileManager.default.fileExists(atPath: Self.copy.appendingPathComponent(path).path), "missing \(path)")
        }
        let manifest = try Self.text("Package.swift")
        #expect(manifest.contains(#"path: "Modules/Programmes/DemoNotes/DemoNotesInterface""#))
        #expect(manifest.contains(#"path: "Modules/Programmes/DemoNotes/DemoNotes""#))
        #expect(manifest.contains(#"tests("DemoNotesTests", ["TestSupport", "DemoNotes"])"#))
        #expect(manifest.contains(#""HealthScreening", "DemoNotes" /* catalogue-dependencies */"#))
        let catalogue = try Self.text("Modules/Catalogue/Catalogue.swift")
        #expect(catalogue.contains("import DemoNotes\n") && catalogue.contains("DemoNotesProgramme.self"))
        let compose = try Self.text("Docker/compose.yaml")
        #expect(compose.contains(#"profiles: ["demo-notes"]"#) && compose.contains("TONGHU_PROGRAMMES: demo-notes"))
        #expect(compose.contains("registry,dropout-control,health-screening,demo-notes}"))
        let written = try Self.text("Modules/Programmes/DemoNotes/DemoNotes/Notes/NoteRepository.swift")
        #expect(!written.contains(")!") && !written.contains("unsafeSQL"), "the scaffold teaches no force unwrap and no spliced SQL")

        // What `scripts/test` checks of every file, and the boundary check, hold for what was written.
        let lint = try SwiftPackage.run(
            [
                "format", "lint", "--strict", "--recursive", "Modules/Programmes/DemoNotes", "Tests/DemoNotesTests", "Modules/Catalogue",
                "Package.swift"
            ],
            in: Self.copy)
        #expect(lint.status == 0 && lint.output.isEmpty, "\(lint.output)")
        let boundaries = try SwiftPackage.run(["package", "check-boundaries"], in: Self.copy)
        #expect(boundaries.status == 0, "\(boundaries.output)")

        try Self.keepOnlyTestTarget("DemoNotesTests")
        let building = Date()
        let build = try SwiftPackage.run(["build", "--product", "tonghuPackageTests"], in: Self.copy)
        try #require(build.status == 0, "\(build.output.suffix(6_000))")
        let testing = Date()
        let tests = try SwiftPackage.execute(
            Self.copy.appendingPathComponent(".build/debug/tonghuPackageTests.xctest"),
            ["--testing-library", "swift-testing", "--filter", "DemoNotesTests"], in: Self.copy)
        #expect(tests.status == 0, "\(tests.output.suffix(6_000))")
        #expect(tests.output.contains("Test run with 7 tests"), "\(tests.output.suffix(3_000))")
        print(
            "scaffold check: copy and scaffold \(Self.seconds(started, building)) s, build \(Self.seconds(building, testing)) s, "
                + "tests \(Self.seconds(testing, Date())) s")
    }

    static func text(_ path: String) throws -> String {
        try String(contentsOf: copy.appendingPathComponent(path), encoding: .utf8)
    }

    static func seconds(_ from: Date, _ to: Date) -> String { String(format: "%.1f", to.timeIntervalSince(from)) }

    /// Cuts the copy's test targets to `name`: the suite builds one test bundle of every test target, and only the
    /// generated one is to be built here.
    static func keepOnlyTestTarget(_ name: String) throws {
        let url = copy.appendingPathComponent("Package.swift")
        var lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        let start = try #require(lines.firstIndex { $0.hasPrefix("let testTargets: [Target] = [") })
        let end = try #require(lines[start...].firstIndex { $0 == "]" })
        let kept = try #require(lines[start..<end].first { $0.contains("tests(\"\(name)\"") })
        lines.replaceSubrange(start...end, with: [lines[start], kept, "]"])
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    }
}

/// A copy of some of a package's files that keeps its own build directory valid: a file is written only when its
/// content differs, then given the source's modification time; files gone from the source are removed.
enum PackageCopy {
    static func sync(_ entries: [String], from source: URL, to destination: URL) throws {
        let files = FileManager.default
        try files.createDirectory(at: destination, withIntermediateDirectories: true)
        for entry in entries {
            let from = source.appendingPathComponent(entry)
            let to = destination.appendingPathComponent(entry)
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: from.path, isDirectory: &isDirectory) else {
                try? files.removeItem(at: to)
                continue
            }
            guard isDirectory.boolValue else {
                try copy(from, to)
                continue
            }
            let wanted = Set(try relativePaths(under: from, directories: false))
            for path in wanted { try copy(from.appendingPathComponent(path), to.appendingPathComponent(path)) }
            if files.fileExists(atPath: to.path) {
                let folders = Set(try relativePaths(under: from, directories: true))
                // Deepest first, so a folder of the source's is only emptied of strays, and a stray folder goes whole.
                for path in try relativePaths(under: to, directories: true).sorted(by: >) where !folders.contains(path) {
                    try files.removeItem(at: to.appendingPathComponent(path))
                }
                for path in try relativePaths(under: to, directories: false) where !wanted.contains(path) {
                    try files.removeItem(at: to.appendingPathComponent(path))
                }
            }
        }
    }

    /// The regular files (or the folders) under `root`, relative to it.
    static func relativePaths(under root: URL, directories: Bool) throws -> [String] {
        let prefix = root.standardizedFileURL.path.count + 1
        let key: URLResourceKey = directories ? .isDirectoryKey : .isRegularFileKey
        return (FileManager.default.enumerator(at: root, includingPropertiesForKeys: [key]) ?? NSEnumerator())
            .compactMap { $0 as? URL }
            .filter { url in
                let values = try? url.resourceValues(forKeys: [key])
                return (directories ? values?.isDirectory : values?.isRegularFile) == true
            }
            .map { String($0.standardizedFileURL.path.dropFirst(prefix)) }
    }

    static func copy(_ from: URL, _ to: URL) throws {
        let files = FileManager.default
        let data = try Data(contentsOf: from)
        if (try? Data(contentsOf: to)) == data { return }
        try files.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: to)
        if let modified = try files.attributesOfItem(atPath: from.path)[.modificationDate] {
            try files.setAttributes([.modificationDate: modified], ofItemAtPath: to.path)
        }
    }
}
