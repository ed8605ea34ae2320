import Foundation
import PackagePlugin

/// `swift package check-boundaries`: fails when a programme imports another programme's implementation.
///
/// A programme (a folder under `Modules/Programmes`) may import Core modules, system modules and another
/// programme's `<Name>Interface` target; cross-programme work otherwise goes through core events. The same
/// rule runs as a test in `Tests/AdminTests/BoundaryCheckTests.swift`; change both together.
@main
struct CheckBoundaries: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let programmes = context.package.directoryURL.appendingPathComponent("Modules/Programmes")
        let violations = try BoundaryRule.violations(in: programmes)
        // Printed in the compiler's `file:line: error:` form: SwiftPM drops the location of a command plugin's
        // `Diagnostics.error`. The thrown error is the summary and makes the command exit non-zero.
        for violation in violations { print(violation) }
        guard violations.isEmpty else {
            throw BoundaryError(
                description: "\(violations.count) programme boundary violation(s); the rule is in Plugins/ProgrammeBoundaries/plugin.swift")
        }
        print("check-boundaries: \(try BoundaryRule.programmes(in: programmes).count) programmes, no boundary violations")
    }
}

struct BoundaryError: Error, CustomStringConvertible {
    let description: String
}

/// One `import` of another programme's implementation.
struct Violation: Equatable, CustomStringConvertible {
    let file: URL
    let line: Int
    let importer: String
    let imported: String

    var message: String {
        "programme '\(importer)' imports programme '\(imported)'; import \(imported)Interface or use core events instead"
    }
    var description: String { "\(file.path):\(line): error: \(message)" }
}

enum BoundaryRule {
    /// The programme target names: the folders directly under `Modules/Programmes`.
    static func programmes(in root: URL) throws -> [String] {
        guard FileManager.default.fileExists(atPath: root.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: [.isDirectoryKey])
            .filter { (try? $0.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) == true }
            .map(\.lastPathComponent).sorted()
    }

    /// Every violation under `root`, by file and line.
    static func violations(in root: URL) throws -> [Violation] {
        let names = Set(try programmes(in: root))
        var found: [Violation] = []
        for programme in names.sorted() {
            let folder = root.appendingPathComponent(programme)
            let files =
                FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
                .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
                .sorted { $0.path < $1.path } ?? []
            for file in files {
                let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: .newlines)
                for (index, line) in lines.enumerated() {
                    guard let module = importedModule(line), module != programme, names.contains(module),
                        !module.hasSuffix("Interface")
                    else { continue }
                    found.append(Violation(file: file, line: index + 1, importer: programme, imported: module))
                }
            }
        }
        return found
    }

    /// The top-level module of an import declaration (`@testable import A`, `public import A`,
    /// `import struct A.B`), or `nil` for any other line.
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
