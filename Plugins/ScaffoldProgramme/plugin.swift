import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory scaffold-programme <id> [--title 中文名] [--english-title "English"]`
///
/// Creates a programme (业务模块) that passes the conformance check as it stands: its folder under
/// `Modules/Programmes/<Name>/`, its test target, its line in `Catalogue.swift` and its targets in `Package.swift`.
/// Everything is checked and rendered before the first write, so a refusal leaves the package untouched.
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
        for path in try scaffold.write() { print("scaffold-programme: wrote \(path)") }
        print(
            """
            scaffold-programme: '\(id)' is \(scaffold.name)Programme in target \(scaffold.name) (schema \(scaffold.schema)).
            Next: swift build && swift test --filter \(scaffold.name)Tests
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
            return try Self.addImport(name, to: Self.insert("\(name)Programme.self,", after: Self.catalogueMarker, in: text))
        }
        let manifest = try edit("Package.swift") { text in
            guard !text.contains("name: \"\(name)\"") else { throw ScaffoldError("Package.swift declares a target \(name) already") }
            var text = try Self.insert(
                ".target(name: \"\(name)\", dependencies: [\"Contract\"], path: \"Modules/Programmes/\(name)\", swiftSettings: swiftSettings),",
                after: Self.targetMarker, in: text)
            text = try Self.insert("tests(\"\(name)Tests\", [\"TestSupport\", \"\(name)\"]),", after: Self.testMarker, in: text)
            guard let marker = text.range(of: Self.dependencyMarker) else {
                throw ScaffoldError("Package.swift has no \(Self.dependencyMarker) in the Catalogue target's dependencies")
            }
            var head = String(text[..<marker.lowerBound])
            while head.last?.isWhitespace == true { head.removeLast() }
            return head + ", \"\(name)\" " + text[marker.lowerBound...]
        }
        let files =
            [
                ("Modules/Programmes/\(name)/\(name)Programme.swift", Templates.programme),
                ("Modules/Programmes/\(name)/\(name)Repository.swift", Templates.repository),
                ("Modules/Programmes/\(name)/Note.swift", Templates.note),
                ("Tests/\(name)Tests/\(name)ProgrammeTests.swift", Templates.tests)
            ].map { ($0.0, render($0.1)) } + [catalogue, manifest]

        for (path, text) in files {
            try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url(path), atomically: true, encoding: .utf8)
        }
        return files.map(\.0)
    }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

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

    /// Inserts `entry` into the block of lines under the line holding `marker`, in sorted order and with the
    /// marker's indentation. The block ends at a blank line, a closing bracket or another comment.
    static func insert(_ entry: String, after marker: String, in text: String) throws -> String {
        var lines = text.components(separatedBy: "\n")
        guard let markerIndex = lines.firstIndex(where: { $0.contains(marker) }) else {
            throw ScaffoldError("marker line '\(marker)' not found")
        }
        let indent = String(lines[markerIndex].prefix { $0 == " " || $0 == "\t" })
        var index = markerIndex + 1
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("]") || line.hasPrefix("//") || line > entry { break }
            index += 1
        }
        lines.insert(indent + entry, at: index)
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
