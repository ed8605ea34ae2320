import Foundation

/// Where the installed PostgreSQL server programs (`initdb`, `postgres`) live.
public struct PostgresBinaries: Sendable {
    /// The directory holding both `initdb` and `postgres`.
    public let directory: URL

    public var initdb: URL { directory.appending(path: "initdb") }
    public var postgres: URL { directory.appending(path: "postgres") }

    /// Searches `/usr/lib/postgresql/<highest version>/bin` (then lower versions), then `PATH`.
    ///
    /// - Throws: ``EmbeddedPostgresError/binariesNotFound(searched:)`` naming the install command.
    public static func locate() throws -> PostgresBinaries {
        try locate(searching: versionedDirectories(under: URL(filePath: "/usr/lib/postgresql")) + searchPath())
    }

    /// Returns the first of `directories` that holds executable `initdb` and `postgres`.
    ///
    /// - Throws: ``EmbeddedPostgresError/binariesNotFound(searched:)`` naming the install command.
    public static func locate(searching directories: [URL]) throws -> PostgresBinaries {
        for directory in directories {
            let candidate = PostgresBinaries(directory: directory)
            if isExecutable(candidate.initdb), isExecutable(candidate.postgres) {
                return candidate
            }
        }
        throw EmbeddedPostgresError.binariesNotFound(searched: directories.map(\.path))
    }

    /// `<root>/<version>/bin` for every installed version, highest first (`16` before `15` before `9.6`).
    static func versionedDirectories(under root: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let versions = names.compactMap { name -> (name: String, parts: [Int])? in
            let parts = name.split(separator: ".").compactMap { Int($0) }
            return parts.isEmpty ? nil : (name, parts)
        }
        return
            versions
            .sorted { $0.parts.lexicographicallyPrecedes($1.parts) }
            .reversed()
            .map { root.appending(path: $0.name).appending(path: "bin") }
    }

    /// The directories of `PATH`, in order.
    static func searchPath() -> [URL] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        return path.split(separator: ":").map { URL(filePath: String($0), directoryHint: .isDirectory) }
    }

    static func isExecutable(_ file: URL) -> Bool {
        FileManager.default.isExecutableFile(atPath: file.path)
    }
}
