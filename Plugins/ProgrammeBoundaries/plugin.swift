import Foundation
import PackagePlugin

/// `swift package check-boundaries`: fails when a programme depends on a host module or on another programme's
/// implementation.
///
/// A programme is a folder under `Modules/Programmes`; its targets (`<Name>` and `<Name>Interface`) may depend on the
/// core's libraries and on other programmes' `…Interface` targets, never on the hosts (`Boot`, `Admin`, `Gateway`,
/// `TestSupport`, `EmbeddedPostgres`) nor on another programme's implementation: cross-programme work goes through core
/// events or an interface. The rule reads the package graph (`target.dependencies`) and, for what the graph cannot
/// show, the `import` lines of the programmes' sources. `Tests/AdminTests/BoundaryCheckTests.swift` runs this plugin on
/// the package and on a fixture package that breaks every rule.
@main
struct CheckBoundaries: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let root = context.package.directoryURL.standardizedFileURL
        let targets = context.package.targets.map { target in
            BoundaryRule.Target(
                name: target.name, directory: target.directoryURL.standardizedFileURL.path(percentEncoded: false),
                dependencies: target.dependencies.compactMap { dependency in
                    if case .target(let target) = dependency { return target.name }
                    return nil
                },
                sources: (target.sourceModule?.sourceFiles(withSuffix: "swift")).map { $0.map(\.url) } ?? [])
        }
        let rule = BoundaryRule(root: root, targets: targets)
        let violations = try rule.violations()
        // Printed in the compiler's `file:line: error:` form: SwiftPM drops the location of a command plugin's
        // `Diagnostics.error`. The thrown error is the summary and makes the command exit non-zero.
        for violation in violations { print(violation) }
        guard violations.isEmpty else {
            throw BoundaryError(
                description: "\(violations.count) programme boundary violation(s); the rule is in Plugins/ProgrammeBoundaries/plugin.swift")
        }
        print("check-boundaries: \(rule.programmeTargets.count) programme targets, no boundary violations")
    }
}

struct BoundaryError: Error, CustomStringConvertible {
    let description: String
}

/// One dependency a programme must not have, where it is declared.
struct Violation: CustomStringConvertible {
    let file: URL
    let line: Int
    let message: String

    var description: String { "\(file.path):\(line): error: \(message)" }
}

struct BoundaryRule {
    /// A target as the rule sees it: its directory, the local targets it depends on and its Swift sources.
    struct Target {
        let name: String
        let directory: String
        let dependencies: [String]
        let sources: [URL]
    }

    /// The modules that assemble and run programmes; a programme is handed what it needs in its contexts instead.
    static let hosts: Set<String> = ["Boot", "Admin", "Gateway", "TestSupport", "EmbeddedPostgres"]

    let root: URL
    let targets: [Target]

    /// The targets under `Modules/Programmes/<Programme>/`, by target name: the programme folder each belongs to.
    var programmeTargets: [String: String] {
        let prefix = root.appendingPathComponent("Modules/Programmes", isDirectory: true).path(percentEncoded: false)
        var found: [String: String] = [:]
        for target in targets where (target.directory + "/").hasPrefix(prefix) {
            found[target.name] = target.directory.dropFirst(prefix.count).split(separator: "/").first.map(String.init)
        }
        return found
    }

    /// Every violation: declared dependencies (reported at the target's line in `Package.swift`), then imports.
    func violations() throws -> [Violation] {
        let owners = programmeTargets
        let manifest = root.appendingPathComponent("Package.swift")
        let manifestLines = (try? String(contentsOf: manifest, encoding: .utf8))?.components(separatedBy: .newlines) ?? []
        /// Why `target` may not use `module` (`uses`: "depends on" or "imports"), or `nil` when it may.
        func refusal(_ target: String, _ uses: String, _ module: String) -> String? {
            if Self.hosts.contains(module) {
                return "programme target '\(target)' \(uses) host module '\(module)'; take what it needs from the contract's contexts"
            }
            guard let owner = owners[module], owner != owners[target], !module.hasSuffix("Interface") else { return nil }
            return "programme target '\(target)' \(uses) the implementation of programme '\(owner)' (target '\(module)'); "
                + "depend on \(owner)Interface or use core events instead"
        }
        var found: [Violation] = []
        for target in targets.sorted(by: { $0.name < $1.name }) where owners[target.name] != nil {
            let declaration =
                manifestLines.firstIndex { $0.contains("name: \"\(target.name)\"") }
                ?? manifestLines.firstIndex { $0.contains("\"\(target.name)\"") }
            let line = (declaration ?? 0) + 1
            for module in target.dependencies {
                if let message = refusal(target.name, "depends on", module) {
                    found.append(Violation(file: manifest, line: line, message: message))
                }
            }
            for file in target.sources.sorted(by: { $0.path < $1.path }) {
                let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: .newlines)
                for (index, text) in lines.enumerated() {
                    guard let module = Self.importedModule(text), let message = refusal(target.name, "imports", module) else { continue }
                    found.append(Violation(file: file, line: index + 1, message: message))
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
