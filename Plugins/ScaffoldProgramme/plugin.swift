import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory scaffold-programme <id> [--title 中文名] [--english-title "English"]`
///
/// Creates a programme (业务模块) in the shape of the real ones, passing the conformance check and its own route and
/// scope tests as it stands: `Modules/Programmes/<Name>/<Name>/` (programme type, `Schema/`, `Domain/`, a repository
/// and endpoints, `Commands/`), `Modules/Programmes/<Name>/<Name>Interface/` (its events), `Tests/<Name>Tests/`
/// (fixture, conformance and route tests), its line in `Catalogue.swift`, its targets in `Package.swift` and a profile
/// in `Docker/compose.yaml`. Everything is checked and rendered before the first write, so a refusal leaves the
/// package untouched; the written Swift files are then formatted with the package's `.swift-format`.
/// `Tests/AdminTests/ScaffoldTests.swift` runs it on a copy of the package, builds what it wrote and runs its tests.
@main
struct ScaffoldProgramme: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let chineseTitle = extractor.extractOption(named: "title").last
        let englishTitle = extractor.extractOption(named: "english-title").last
        guard extractor.remainingArguments.count == 1, let id = extractor.remainingArguments.first else {
            throw ScaffoldError(
                "usage: swift package --allow-writing-to-package-directory scaffold-programme <id> [--title 中文名] [--english-title \"English title\"]"
            )
        }
        let scaffold = try Scaffold(id: id, chineseTitle: chineseTitle, englishTitle: englishTitle, root: context.package.directoryURL)
        let written = try scaffold.write()
        for path in written { print("scaffold-programme: wrote \(path)") }
        scaffold.format(written.filter { $0.hasSuffix(".swift") })
        print(
            """
            scaffold-programme: '\(id)' is \(scaffold.name)Programme in target \(scaffold.name) (schema \(scaffold.schema)).
            Next: swift build --build-tests && swift test --filter \(scaffold.name)Tests; docs/writing-a-programme.md says what to change first.
            """)
        if chineseTitle == nil {
            Diagnostics.warning("no --title given: the Chinese title is the English one; edit \(scaffold.name)Programme.title")
        }
    }
}

struct ScaffoldError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One programme to create: names derived from the id, the files to write and the two files to edit.
struct Scaffold {
    let id: String
    /// UpperCamel target name: `dropout-control` → `DropoutControl`.
    let name: String
    /// PostgreSQL schema: `dropout-control` → `dropout_control`.
    let schema: String
    let chineseTitle: String
    let englishTitle: String
    let root: URL

    static let catalogueMarker = "// programmes: one per line, added by `swift package scaffold-programme`"
    static let targetMarker = "// programmes: one per line, added by scaffold-programme"
    static let testMarker = "// programme tests: one per line, added by scaffold-programme"
    static let dependencyMarker = "/* catalogue-dependencies */"

    init(id: String, chineseTitle: String?, englishTitle: String?, root: URL) throws {
        guard Self.isKebabCase(id) else {
            throw ScaffoldError("'\(id)' is not a kebab-case programme id (^[a-z][a-z0-9]*(-[a-z0-9]+)*$), e.g. dropout-control")
        }
        guard id != "core" else { throw ScaffoldError("'core' is the core's own prefix, not a programme id") }
        guard ![chineseTitle, englishTitle].contains(where: { $0?.contains(where: \.isNewline) == true }) else {
            throw ScaffoldError("a title must be one line")
        }
        let words = id.split(separator: "-")
        self.id = id
        self.name = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        self.schema = id.replacingOccurrences(of: "-", with: "_")
        self.englishTitle = englishTitle ?? words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        self.chineseTitle = chineseTitle ?? self.englishTitle
        self.root = root
    }

    /// Checks, renders, then writes; returns the paths written, relative to the package root.
    func write() throws -> [String] {
        for taken in ["Modules/Programmes/\(name)", "Modules/Core/\(name)", "Tests/\(name)Tests"]
        where FileManager.default.fileExists(atPath: url(taken).path) {
            throw ScaffoldError("\(taken) exists already: programme '\(id)' (target \(name)) cannot be created")
        }
        let catalogue = try edit("Modules/Catalogue/Catalogue.swift") { text in
            guard !text.contains("\(name)Programme.self") else { throw ScaffoldError("the catalogue lists \(name)Programme already") }
            return try Self.addImport(name, to: Self.insert(["\(name)Programme.self,"], before: Self.catalogueMarker, in: text))
        }
        let manifest = try edit("Package.swift") { text in
            for target in [name, name + "Interface"] where text.contains("name: \"\(target)\"") {
                throw ScaffoldError("Package.swift declares a target \(target) already")
            }
            var text = try Self.insert(
                [
                    ".target(",
                    "    name: \"\(name)Interface\", dependencies: [\"Vocabulary\", \"Districts\"], path: \"Modules/Programmes/\(name)/\(name)Interface\",",
                    "    swiftSettings: swiftSettings),",
                    ".target(",
                    "    name: \"\(name)\", dependencies: [\"Contract\", \"\(name)Interface\", argumentParser], path: \"Modules/Programmes/\(name)/\(name)\",",
                    "    swiftSettings: swiftSettings),"
                ], before: Self.targetMarker, in: text)
            text = try Self.insert(["tests(\"\(name)Tests\", [\"TestSupport\", \"\(name)\"]),"], before: Self.testMarker, in: text)
            guard let marker = text.range(of: Self.dependencyMarker) else {
                throw ScaffoldError("Package.swift has no \(Self.dependencyMarker) in the Catalogue target's dependencies")
            }
            var head = String(text[..<marker.lowerBound])
            while head.last?.isWhitespace == true { head.removeLast() }
            return head + ", \"\(name)\" " + text[marker.lowerBound...]
        }
        let compose = try edit("Docker/compose.yaml") { try dockerProfile(in: $0) }
        let files = Templates.files.map { (render($0.path), render($0.template)) } + [catalogue, manifest, compose]

        for (path, text) in files {
            try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url(path), atomically: true, encoding: .utf8)
        }
        return files.map(\.0)
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// A gateway service of its own in `Docker/compose.yaml` (profile `<id>`, the next free port after the others')
    /// and the programme in the list the one-shot migration applies.
    func dockerProfile(in text: String) throws -> String {
        guard !text.contains("profiles: [\"\(id)\"]") else { throw ScaffoldError("a profile \(id) exists already") }
        guard let secrets = text.range(of: "\nsecrets:\n") else { throw ScaffoldError("no top-level 'secrets:' to put the profile before") }
        let migrated = "TONGHU_MIGRATE_PROGRAMMES:-"
        guard let list = text.range(of: migrated), let end = text[list.upperBound...].firstIndex(of: "}") else {
            throw ScaffoldError("no ${\(migrated)…} list of migrated programmes")
        }
        let ports = text.components(separatedBy: "_PORT:-").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        let variable = "TONGHU_" + schema.uppercased() + "_PORT"
        let service = """

              # \(chineseTitle) — \(englishTitle): a gateway of its own until a department serves it beside others (TONGHU_PROGRAMMES).
              \(id):
                <<: *gateway
                profiles: ["\(id)"]
                environment:
                  <<: *gateway-environment
                  TONGHU_PROGRAMMES: \(id)
                ports:
                  - "${TONGHU_BIND_ADDRESS:-127.0.0.1}:${\(variable):-\((ports.max() ?? 8080) + 1)}:8080"

            """
        var text = text
        text.insert(contentsOf: service, at: secrets.lowerBound)
        text.insert(contentsOf: ",\(id)", at: end)
        return text
    }

    /// Formats the written Swift files with the package's `.swift-format`, as `scripts/test` checks them.
    func format(_ paths: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "format", "format", "--in-place"] + paths.map { url($0).path }
        do {
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw ScaffoldError("exit status \(process.terminationStatus)") }
        } catch {
            Diagnostics.warning("swift format did not run (\(error)): run `swift format -i` on the files written")
        }
    }

    /// `^[a-z][a-z0-9]*(-[a-z0-9]+)*$`, checked without Regex so the plugin builds on any deployment target.
    static func isKebabCase(_ id: String) -> Bool {
        let words = id.split(separator: "-", omittingEmptySubsequences: false)
        return id.first?.isLetter == true
            && words.allSatisfy { word in
                !word.isEmpty && word.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber) }
            }
    }

    func edit(_ path: String, _ change: (String) throws -> String) throws -> (String, String) {
        guard let text = try? String(contentsOf: url(path), encoding: .utf8) else { throw ScaffoldError("cannot read \(path)") }
        do {
            return (path, try change(text))
        } catch let error as ScaffoldError {
            throw ScaffoldError("\(path): \(error.description)")
        }
    }

    /// Fills a template's `{{placeholders}}`; `…-literal` ones are escaped for a Swift string literal.
    func render(_ template: String) -> String {
        func literal(_ text: String) -> String {
            text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        }
        return
            template
            .replacingOccurrences(of: "{{Name}}", with: name)
            .replacingOccurrences(of: "{{id}}", with: id)
            .replacingOccurrences(of: "{{schema}}", with: schema)
            .replacingOccurrences(of: "{{zh-literal}}", with: literal(chineseTitle))
            .replacingOccurrences(of: "{{en-literal}}", with: literal(englishTitle))
            .replacingOccurrences(of: "{{zh}}", with: chineseTitle)
            .replacingOccurrences(of: "{{en}}", with: englishTitle)
    }

    /// Inserts the lines of `entry` as the last element of the list whose end the line holding `marker` marks, with
    /// the marker's indentation. The formatter drops a list's last comma: the element before gets one back, and the
    /// new last element has none.
    static func insert(_ entry: [String], before marker: String, in text: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        guard let markerIndex = lines.firstIndex(where: { $0.contains(marker) }) else {
            throw ScaffoldError("marker line '\(marker)' not found")
        }
        let indent = String(lines[markerIndex].prefix { $0 == " " || $0 == "\t" })
        if let previous = lines[..<markerIndex].lastIndex(where: { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && !trimmed.hasPrefix("//")
        }), !lines[previous].hasSuffix(","), !lines[previous].hasSuffix("[") {
            lines[previous] += ","
        }
        var inserted = entry.map { indent + $0 }
        if let last = inserted.last, last.hasSuffix(",") { inserted[inserted.count - 1].removeLast() }
        lines.insert(contentsOf: inserted, at: markerIndex)
        return lines.joined(separator: "\n")
    }

    /// Adds `import <module>` to the file's leading imports, in sorted order.
    static func addImport(_ module: String, to text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        let statement = "import \(module)"
        let imports = lines.indices.filter { lines[$0].hasPrefix("import ") }
        let index =
            imports.first { lines[$0] > statement }
            ?? imports.last.map { $0 + 1 }
            ?? 0
        lines.insert(statement, at: index)
        return lines.joined(separator: "\n")
    }
}
