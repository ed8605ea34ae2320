import Foundation
import Testing

/// A programme depends on no host module and on no other programme's implementation: `swift package check-boundaries`
/// (`Plugins/ProgrammeBoundaries/plugin.swift`) reads the package graph and the programmes' imports. These tests run the
/// plugin itself — on this package, and on a fixture package that breaks every rule — so the rule has one copy.
@Suite struct BoundaryCheckTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Under `swift test` this package's `.build` is locked; the check only reads the graph, so it passes `--ignore-lock`.
    @Test func theProgrammesRespectTheirBoundaries() throws {
        let check = try SwiftPackage.run(["package", "--ignore-lock", "check-boundaries"], in: Self.packageRoot)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("no boundary violations"), "\(check.output)")
    }

    @Test func everyForbiddenDependencyAndImportIsReported() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("boundaries-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try Self.writeFixture(at: root)

        let check = try SwiftPackage.run(["package", "check-boundaries"], in: root)
        let errors = check.output.components(separatedBy: .newlines).filter { $0.contains(": error: ") }

        #expect(check.status != 0)
        let expected = [
            "Package.swift:12: error: programme target 'Alpha' depends on host module 'Boot'",
            "Package.swift:12: error: programme target 'Alpha' depends on host module 'Admin'",
            "Package.swift:14: error: programme target 'Beta' depends on the implementation of programme 'Alpha' (target 'Alpha'); depend on AlphaInterface",
            "Package.swift:15: error: programme target 'Gamma' depends on host module 'Gateway'",
            "Package.swift:15: error: programme target 'Gamma' depends on host module 'TestSupport'",
            "Package.swift:15: error: programme target 'Gamma' depends on host module 'EmbeddedPostgres'",
            "Package.swift:16: error: programme target 'GammaInterface' depends on the implementation of programme 'Alpha' (target 'Alpha')",
            "Beta.swift:2: error: programme target 'Beta' imports the implementation of programme 'Alpha' (target 'Alpha')",
            "Delta.swift:2: error: programme target 'Delta' imports the implementation of programme 'Gamma' (target 'Gamma')",
            "Delta.swift:3: error: programme target 'Delta' imports host module 'Boot'",
            "Delta.swift:4: error: programme target 'Delta' imports the implementation of programme 'Alpha' (target 'Alpha')"
        ]
        for fragment in expected {
            #expect(errors.contains { $0.contains(fragment) }, "missing: \(fragment)\n\(check.output)")
        }
        #expect(errors.count == expected.count, "\(errors.joined(separator: "\n"))")
        #expect(check.output.contains("11 programme boundary violation(s)"))
    }

    /// Core targets named like the hosts, programmes Alpha (with an interface), Beta, Gamma (with an interface) and
    /// Delta, and the plugin copied from this package. Line numbers of the targets are fixed: the test names them.
    static func writeFixture(at root: URL) throws {
        try SwiftPackage.write(
            """
            // swift-tools-version:6.1
            import PackageDescription

            func core(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
                .target(name: name, dependencies: dependencies, path: "Modules/Core/\\(name)")
            }
            func programme(_ folder: String, _ name: String, _ dependencies: [Target.Dependency]) -> Target {
                .target(name: name, dependencies: dependencies, path: "Modules/Programmes/\\(folder)/\\(name)")
            }
            let hosts = ["Contract", "Boot", "Admin", "Gateway", "TestSupport", "EmbeddedPostgres"].map { core($0) }
            let programmes = [
                programme("Alpha", "Alpha", ["Contract", "Boot", "Admin"]),
                programme("Alpha", "AlphaInterface", ["Contract"]),
                programme("Beta", "Beta", ["Contract", "AlphaInterface", "Alpha"]),
                programme("Gamma", "Gamma", ["Gateway", "TestSupport", "EmbeddedPostgres"]),
                programme("Gamma", "GammaInterface", ["Alpha"]),
                programme("Delta", "Delta", ["Contract", "AlphaInterface"]),
            ]
            let package = Package(
                name: "fixture",
                targets: hosts + programmes + [
                    .plugin(name: "ProgrammeBoundaries", capability: .command(intent: .custom(verb: "check-boundaries", description: "")))
                ]
            )

            """, to: root, "Package.swift")
        for core in ["Contract", "Boot", "Admin", "Gateway", "TestSupport", "EmbeddedPostgres"] {
            try SwiftPackage.write("public enum \(core) {}\n", to: root, "Modules/Core/\(core)/\(core).swift")
        }
        let sources = [
            "Alpha/Alpha/Alpha.swift": "import Contract\npublic enum Alpha {}\n",
            "Alpha/AlphaInterface/AlphaInterface.swift": "public protocol AlphaLookup {}\n",
            "Beta/Beta/Beta.swift": "import AlphaInterface\n@testable import Alpha\n// import Gamma\nlet important = 1\n",
            "Gamma/Gamma/Gamma.swift": "import Foundation\n",
            "Gamma/GammaInterface/GammaInterface.swift": "public protocol GammaLookup {}\n",
            "Delta/Delta/Delta.swift":
                "import struct Contract.Contract\npublic import Gamma // re-exported\n@_spi(Internal) import Boot;\nimport struct Alpha.Alpha\n"
        ]
        for (path, text) in sources { try SwiftPackage.write(text, to: root, "Modules/Programmes/\(path)") }
        let plugin = packageRoot.appendingPathComponent("Plugins/ProgrammeBoundaries/plugin.swift")
        try SwiftPackage.write(try String(contentsOf: plugin, encoding: .utf8), to: root, "Plugins/ProgrammeBoundaries/plugin.swift")
    }
}
