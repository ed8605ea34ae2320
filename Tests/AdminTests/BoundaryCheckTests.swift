import Foundation
import Testing

/// A programme never imports another programme's implementation: only Core modules, system modules and another
/// programme's `<Name>Interface` target. The rule is the one `swift package check-boundaries` runs
/// (`Plugins/ProgrammeBoundaries/plugin.swift`); a test target cannot import plugin code, so change both together.
@Suite struct BoundaryCheckTests {
    /// The package root, three levels above this file (`Tests/AdminTests/BoundaryCheckTests.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theProgrammesRespectTheirBoundaries() throws {
        let programmes = Self.packageRoot.appendingPathComponent("Modules/Programmes")
        #expect(FileManager.default.fileExists(atPath: Self.packageRoot.appendingPathComponent("Package.swift").path))
        for violation in try ProgrammeBoundary.violations(in: programmes) {
            Issue.record("\(violation)")
        }
    }

    @Test func importingAnotherProgrammeIsReportedAndItsInterfaceIsAllowed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("boundaries-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try write("import Foundation\n@preconcurrency import Beta\nimport Contract\n", to: root, "Alpha/Sub/Alpha.swift")
        try write("import BetaInterface\nimport struct Contract.Endpoint\n", to: root, "Gamma/Gamma.swift")
        try write("import Beta\n", to: root, "BetaInterface/Note.txt")
        try write("public protocol BetaLookup {}\n", to: root, "BetaInterface/BetaLookup.swift")
        try write("import BetaInterface\n// import Alpha\n", to: root, "Beta/Beta.swift")

        let violations = try ProgrammeBoundary.violations(in: root)

        #expect(violations.count == 1)
        let violation = try #require(violations.first)
        #expect(violation.file.lastPathComponent == "Alpha.swift")
        #expect(violation.line == 2)
        #expect(violation.importer == "Alpha" && violation.imported == "Beta")
        #expect(
            violation.description.hasSuffix(
                "Alpha.swift:2: error: programme 'Alpha' imports programme 'Beta'; import BetaInterface or use core events instead"))
    }

    @Test(
        arguments: [
            ("import Registry", "Registry"),
            ("@testable import Registry", "Registry"),
            ("public import Registry // re-exported", "Registry"),
            ("import struct Registry.Visit", "Registry"),
            ("@_spi(Internal) import Registry;", "Registry"),
            ("let important = 1", nil),
            ("// import Registry", nil)
        ] as [(String, String?)])
    func importDeclarationsAreRecognised(line: String, module: String?) {
        #expect(ProgrammeBoundary.importedModule(line) == module)
    }

    private func write(_ text: String, to root: URL, _ path: String) throws {
        let file = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }
}

/// One `import` of another programme's implementation.
private struct BoundaryViolation: CustomStringConvertible {
    let file: URL
    let line: Int
    let importer: String
    let imported: String

    var description: String {
        "\(file.path):\(line): error: programme '\(importer)' imports programme '\(imported)'; import \(imported)Interface or use core events instead"
    }
}

/// The rule of `Plugins/ProgrammeBoundaries/plugin.swift` (`BoundaryRule`), over any directory of programmes.
private enum ProgrammeBoundary {
    static func violations(in root: URL) throws -> [BoundaryViolation] {
        guard FileManager.default.fileExists(atPath: root.path) else { return [] }
        let names = Set(
            try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])
                .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
                .map(\.lastPathComponent))
        var found: [BoundaryViolation] = []
        for programme in names.sorted() {
            let files =
                FileManager.default.enumerator(at: root.appendingPathComponent(programme), includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
                .sorted { $0.path < $1.path } ?? []
            for file in files {
                let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: .newlines)
                for (index, line) in lines.enumerated() {
                    guard let module = importedModule(line), module != programme, names.contains(module),
                        !module.hasSuffix("Interface")
                    else { continue }
                    found.append(BoundaryViolation(file: file, line: index + 1, importer: programme, imported: module))
                }
            }
        }
        return found
    }

    static func importedModule(_ line: String) -> String? {
        var words = line.split(whereSeparator: \.isWhitespace)
        while let first = words.first, first.hasPrefix("@") || ["public", "package", "internal", "fileprivate", "private"].contains(first) {
            words.removeFirst()
        }
        guard words.first == "import", words.count >= 2 else { return nil }
        let kinds: Set<Substring> = ["typealias", "struct", "class", "enum", "protocol", "let", "var", "func", "actor"]
        let path = kinds.contains(words[1]) && words.count >= 3 ? words[2] : words[1]
        let module = path.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        return module.isEmpty ? nil : String(module)
    }
}
