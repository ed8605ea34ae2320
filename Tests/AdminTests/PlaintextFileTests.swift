import Foundation
import Glibc
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// No plaintext ID number left in a file others can read (issue 10 item 9): exports are written 0600, an upload
/// waits in a spool file that has no name, and a gateway killed mid-upload leaves nothing behind.
@Suite("明文不落盘 no readable plaintext file", .serialized)
struct PlaintextFileTests {
    static let districts = "code,name\n320000000000,江苏省\n320400000000,常州市\n320412000000,武进区\n"
    static let password = "quiet-harbour-pebble-4821"

    @Test("every --output export is mode 0600, also over an existing file that was 0644")
    func exportsAreOwnerOnly() throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let dir = ["--data-dir", data.path]
        let csv = data.appendingPathComponent("districts.csv")
        try Self.districts.write(to: csv, atomically: true, encoding: .utf8)
        #expect(try CommandLine.tonghu(["district", "import", csv.path] + dir).status == 0)

        let revealed = data.appendingPathComponent("roster.csv")
        let registry = try CommandLine.tonghu(
            ["registry", "export", "--district", "320412000000", "--reveal", "--output", revealed.path] + dir)
        #expect(registry.status == 0, "\(registry.error)")
        #expect(try Self.mode(revealed) == 0o600)

        let existing = data.appendingPathComponent("existing.csv")
        #expect(FileManager.default.createFile(atPath: existing.path, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644]))
        #expect(
            try CommandLine.tonghu(["registry", "export", "--district", "320412000000", "--reveal", "--output", existing.path] + dir).status
                == 0)
        #expect(try Self.mode(existing) == 0o600)
        #expect(try String(contentsOf: existing, encoding: .utf8).hasPrefix("old") == false)

        let ledgers = data.appendingPathComponent("ledgers.csv")
        let dropout = try CommandLine.tonghu(
            ["dropout-control", "export", "--district", "320412000000", "--term", "2026-autumn", "--output", ledgers.path] + dir)
        #expect(dropout.status == 0, "\(dropout.error)")
        #expect(try Self.mode(ledgers) == 0o600)

        let audit = data.appendingPathComponent("audit.csv")
        let audited = try CommandLine.tonghu(["audit", "export", "--output", audit.path] + dir)
        #expect(audited.status == 0, "\(audited.error)")
        #expect(try Self.mode(audit) == 0o600)
    }

    @Test(
        "while an upload streams in, the gateway holds it in an unlinked 0600 file; kill -9 leaves no file with its ID numbers, and the next start sweeps leftovers"
    )
    func killedDuringUpload() async throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let temporary = data.appendingPathComponent("tmp", isDirectory: true)
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let dir = ["--data-dir", data.path]
        let csv = data.appendingPathComponent("districts.csv")
        try Self.districts.write(to: csv, atomically: true, encoding: .utf8)
        #expect(try CommandLine.tonghu(["district", "import", csv.path] + dir).status == 0)
        #expect(try CommandLine.tonghu(["user", "add", "uploader", "--password-stdin"] + dir, input: Self.password + "\n").status == 0)
        #expect(try CommandLine.tonghu(["user", "grant", "uploader", "registry.manager", "--district", "320412000000"] + dir).status == 0)
        // Signs in with a password alone, as in the demo (the upload, not the second factor, is under test).
        let policy = try CommandLine.tonghu(
            [
                "policy", "set", "core.two-factor-roles", "--district", "320412000000", "--effective", "2020-01-01",
                "--value", "[]", "--source", "test"
            ] + dir)
        #expect(policy.status == 0, "\(policy.error)")

        var gateway = try Gateway(data: data, temporary: temporary)
        defer { gateway.stop() }
        try await gateway.waitUntilReady()
        let token = try await gateway.login("uploader", Self.password)

        // A body of 4 MB announced, 1 MB sent: the gateway is mid-upload until the rest arrives, which it never does.
        let idNumber = "320412201505050015"
        var rows = "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始\n"
        while rows.utf8.count < 1 << 20 { rows += "\(idNumber),张三明,320412100201,320412100201,农村,,,,\n" }
        let upload = try RawConnection(port: gateway.port)
        defer { upload.close() }
        try upload.send(
            "POST /api/v1/registry/imports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: text/csv\r\nContent-Length: \(4 << 20)\r\n\r\n" + rows)

        let spool: (target: String, mode: UInt32)
        do { spool = try await gateway.spoolFile(under: temporary, holding: rows.utf8.count) } catch {
            throw CommandLineError(description: "\(error); the gateway answered: \(upload.received()); its log: \(gateway.logText)")
        }
        #expect(spool.target.hasSuffix(" (deleted)"), "the spool file has a name: \(spool.target)")
        #expect(spool.mode == 0o600)
        #expect(spool.target.hasPrefix(temporary.path + "/tonghu-uploads-"))
        #expect(Self.files(under: temporary).isEmpty, "files during the upload: \(Self.files(under: temporary))")

        gateway.kill()
        #expect(Self.files(under: temporary).filter { Self.holds($0, idNumber) }.isEmpty)

        // What a crash between creating and unlinking, or an earlier version, could leave is swept at the next start.
        let spoolDirectory = URL(fileURLWithPath: spool.target).deletingLastPathComponent()
        let stale = [
            spoolDirectory.appendingPathComponent("upload-stale"),
            temporary.appendingPathComponent("tonghu-upload-\(UUID().uuidString).csv")
        ]
        for file in stale { #expect(FileManager.default.createFile(atPath: file.path, contents: Data("\(idNumber)\n".utf8))) }
        gateway = try Gateway(data: data, temporary: temporary)
        try await gateway.waitUntilReady()
        #expect(Self.files(under: temporary).isEmpty, "left after the restart: \(Self.files(under: temporary))")
    }

    static func mode(_ url: URL) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
    }

    /// The regular files below `directory`.
    static func files(under directory: URL) -> [String] {
        let paths = FileManager.default.enumerator(atPath: directory.path).map { $0.compactMap { $0 as? String } } ?? []
        return paths.map { directory.appendingPathComponent($0).path }.filter { path in
            var status = stat()
            return lstat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFREG
        }
    }

    static func holds(_ path: String, _ text: String) -> Bool {
        guard let contents = FileManager.default.contents(atPath: path) else { return false }
        return contents.range(of: Data(text.utf8)) != nil
    }
}

/// A `tonghu-gateway` process on its own port and temporary directory.
private struct Gateway {
    let process = Process()
    let port = Int.random(in: 20_000..<40_000)
    let log: URL

    init(data: URL, temporary: URL) throws {
        process.executableURL = try CommandLine.binary("tonghu-gateway")
        process.arguments = ["--data-dir", data.path, "--port", "\(port)"]
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TONGHU_") }
        environment["TMPDIR"] = temporary.path
        process.environment = environment
        log = data.appendingPathComponent("gateway-\(port).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = try FileHandle(forWritingTo: log)
        try process.run()
    }

    var base: String { "http://127.0.0.1:\(port)" }
    var logText: String { String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self) }

    func waitUntilReady() async throws {
        for _ in 0..<300 {
            if let url = URL(string: base + "/readyz"), let (_, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandLineError(description: "the gateway did not become ready: \(logText)")
    }

    func login(_ username: String, _ password: String) async throws -> String {
        var request = URLRequest(url: try #require(URL(string: base + "/api/v1/auth/login")))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        let (body, _) = try await URLSession.shared.data(for: request)
        let token = (try JSONSerialization.jsonObject(with: body) as? [String: Any])?["token"] as? String
        return try #require(token, "login failed: \(String(decoding: body, as: UTF8.self))")
    }

    /// The gateway's open file below `directory` once it holds `size` bytes: where `/proc` says it is, and its mode.
    func spoolFile(under directory: URL, holding size: Int) async throws -> (target: String, mode: UInt32) {
        let descriptors = "/proc/\(process.processIdentifier)/fd"
        for _ in 0..<300 {
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: descriptors)) ?? [] {
                let path = descriptors + "/" + entry
                guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: path), target.hasPrefix(directory.path) else {
                    continue
                }
                var status = stat()
                if stat(path, &status) == 0, status.st_size >= size { return (target, status.st_mode & 0o7777) }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandLineError(description: "the gateway never held the upload in a file below \(directory.path)")
    }

    /// SIGKILL, and waits for the process to be gone.
    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// A TCP connection to the gateway that sends a request and never finishes it.
private struct RawConnection {
    let socket: Int32

    init(port: Int) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard socket >= 0, connected == 0 else { throw CommandLineError(description: "cannot connect to port \(port)") }
    }

    func send(_ text: String) throws {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard sent > 0 else { throw CommandLineError(description: "send failed") }
            bytes = bytes.dropFirst(sent)
        }
    }

    /// What has arrived so far, without waiting.
    func received() -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        return String(decoding: buffer.prefix(Swift.max(count, 0)), as: UTF8.self)
    }

    func close() { _ = Glibc.close(socket) }
}
