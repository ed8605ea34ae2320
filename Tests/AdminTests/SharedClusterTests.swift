import Foundation
import Glibc
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite("内置数据库共享 one embedded cluster for the gateway and the CLI", .serialized)
struct SharedClusterTests {
    @Test("the CLI attaches to the cluster a running gateway started and leaves it running; SIGTERM stops both")
    func sharedCluster() async throws {
        let data = try CommandLine.dataDirectory()
        defer { try? FileManager.default.removeItem(at: data) }
        let port = Int.random(in: 20_000..<40_000)
        let gateway = Process()
        gateway.executableURL = try CommandLine.binary("tonghu-gateway")
        gateway.arguments = ["--data-dir", data.path, "--port", "\(port)"]
        gateway.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TONGHU_") }
        let log = data.appendingPathComponent("gateway.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        gateway.standardError = try FileHandle(forWritingTo: log)
        gateway.standardOutput = try FileHandle(forWritingTo: log)
        try gateway.run()
        defer { if gateway.isRunning { gateway.terminate() } }

        let base = URL(string: "http://127.0.0.1:\(port)")!
        var ready = false
        for _ in 0..<300 where !ready {
            ready = (try? await status(base.appendingPathComponent("readyz"))) == 200
            if !ready { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready, "gateway did not become ready: \(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")

        let listed = try CommandLine.tonghu(["user", "list", "--data-dir", data.path])
        #expect(listed.status == 0, "\(listed.error)")
        #expect(try await status(base.appendingPathComponent("readyz")) == 200)

        let pidFile = data.appendingPathComponent("postgres/pgdata/postmaster.pid")
        #expect(FileManager.default.fileExists(atPath: pidFile.path))
        // SIGTERM drains the gateway; it must be gone within 30 seconds (waited for without blocking a thread).
        gateway.terminate()
        var exited = false
        for _ in 0..<300 where !exited {
            exited = !gateway.isRunning
            if !exited { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(exited, "tonghu-gateway did not stop on SIGTERM")
        if !exited { kill(gateway.processIdentifier, SIGKILL) }
        #expect(gateway.terminationReason == .exit)
        for _ in 0..<100 where FileManager.default.fileExists(atPath: pidFile.path) { try await Task.sleep(for: .milliseconds(100)) }
        #expect(!FileManager.default.fileExists(atPath: pidFile.path))
    }

    @Test("a CLI command that started the cluster ends under a running gateway, and the gateway keeps its database")
    func commandEndsUnderGateway() async throws {
        let data = try CommandLine.dataDirectory()
        defer { Self.remove(data) }
        try Self.prepareDistricts(data)
        let fifo = try Self.fifo(in: data)
        let importing = try Self.launch(["registry", "import", fifo.path, "--data-dir", data.path], in: data)
        defer { if importing.process.isRunning { kill(importing.process.processIdentifier, SIGKILL) } }
        let writer = try await Self.openWhenRead(fifo, by: importing)
        let pidFile = data.appendingPathComponent("postgres/pgdata/postmaster.pid")
        #expect(FileManager.default.fileExists(atPath: pidFile.path), "the import started the cluster")

        let gateway = try Gateway(data: data)
        defer { gateway.kill() }
        #expect(try await gateway.ready(), "\(gateway.log)")
        try Self.finish(writer, with: Self.rows)
        let imported = await importing.result()
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("建档 1 名"), "\(imported.output)")

        #expect(try await gateway.status("readyz") == 200)
        #expect(try await gateway.terminate(), "tonghu-gateway did not stop on SIGTERM within 30 s")
        #expect(try await Self.gone(pidFile), "the gateway, the last user, stops the cluster")
    }

    @Test("the gateway restarts during a long CLI import, and the import goes on and finishes")
    func gatewayRestartsDuringCommand() async throws {
        let data = try CommandLine.dataDirectory()
        defer { Self.remove(data) }
        try Self.prepareDistricts(data)
        let first = try Gateway(data: data)
        defer { first.kill() }
        #expect(try await first.ready(), "\(first.log)")

        let fifo = try Self.fifo(in: data)
        let importing = try Self.launch(["registry", "import", fifo.path, "--data-dir", data.path], in: data)
        defer { if importing.process.isRunning { kill(importing.process.processIdentifier, SIGKILL) } }
        let writer = try await Self.openWhenRead(fifo, by: importing)

        #expect(try await first.terminate(), "tonghu-gateway did not stop on SIGTERM within 30 s")
        let pidFile = data.appendingPathComponent("postgres/pgdata/postmaster.pid")
        #expect(FileManager.default.fileExists(atPath: pidFile.path), "the import still uses the cluster")
        let second = try Gateway(data: data)
        defer { second.kill() }
        #expect(try await second.ready(), "\(second.log)")

        try Self.finish(writer, with: Self.rows)
        let imported = await importing.result()
        #expect(imported.status == 0, "\(imported.error)")
        #expect(imported.output.contains("建档 1 名"), "\(imported.output)")
        #expect(try await second.status("readyz") == 200)
        #expect(try await second.terminate(), "tonghu-gateway did not stop on SIGTERM within 30 s")
        #expect(try await Self.gone(pidFile))
    }

    @Test("20 concurrent CLI commands on one fresh data directory all succeed, and no password reaches postgres.log")
    func concurrentCommands() async throws {
        let data = try CommandLine.dataDirectory()
        defer { Self.remove(data) }
        let commands = try (0..<20).map { _ in try Self.launch(["user", "list", "--data-dir", data.path], in: data) }
        var failures: [String] = []
        for command in commands {
            let result = await command.result()
            if result.status != 0 { failures.append("\(result.status): \(result.error)") }
        }
        #expect(failures.isEmpty, "\(failures.count) of 20 failed: \(failures.prefix(3))")
        let log = try String(contentsOf: data.appendingPathComponent("postgres/postgres.log"), encoding: .utf8)
        #expect(!log.contains("PASSWORD"), "\(log.split(separator: "\n").filter { $0.contains("PASSWORD") }.prefix(3))")
        #expect(!log.contains("tuple concurrently updated"))
        #expect(try await Self.gone(data.appendingPathComponent("postgres/pgdata/postmaster.pid")), "the last command stops the cluster")
    }

    func status(_ url: URL) async throws -> Int {
        let (_, response) = try await URLSession.shared.data(from: url)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }

    // MARK: - Processes of the shared-cluster tests

    static let rows =
        "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始\n"
        + "320412201505050015,张三明,320412100201,320412100201,农村,外出务工,2024-03-01,外出务工,2024-03-01\n"

    /// The districts the import's row lives in (the command that imports them starts and stops the cluster).
    static func prepareDistricts(_ data: URL) throws {
        let csv = data.appendingPathComponent("districts.csv")
        try "code,name\n320000000000,江苏省\n320400000000,常州市\n320412000000,武进区\n320412100000,湖塘镇\n320412100201,马杭村\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        let imported = try CommandLine.tonghu(["district", "import", csv.path, "--data-dir", data.path])
        #expect(imported.status == 0, "\(imported.error)")
    }

    /// A named pipe: a command reading it as its input file waits, mid-command, until the test writes. A write after
    /// the reader is gone (killed on purpose) must fail with EPIPE, not end the whole test process with SIGPIPE.
    static func fifo(in data: URL) throws -> URL {
        signal(SIGPIPE, SIG_IGN)
        let fifo = data.appendingPathComponent("children.csv")
        guard mkfifo(fifo.path, 0o644) == 0 else { throw CommandLineError(description: "mkfifo \(fifo.path): \(errno)") }
        return fifo
    }

    /// Opens `fifo` for writing once `command` has opened it for reading (it has booted and started its work).
    static func openWhenRead(_ fifo: URL, by command: Launched) async throws -> Int32 {
        for _ in 0..<600 {
            let descriptor = open(fifo.path, O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if descriptor >= 0 { return descriptor }
            guard command.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let result = await command.result()
        throw CommandLineError(description: "the command never opened \(fifo.lastPathComponent): \(result.status) \(result.error)")
    }

    static func finish(_ descriptor: Int32, with text: String) throws {
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count else {
            throw CommandLineError(description: "write to the pipe: \(errno)")
        }
    }

    /// Removes the data directory, first stopping a server a failed test left running (it no longer dies with its starter).
    static func remove(_ data: URL) {
        if let text = try? String(contentsOf: data.appendingPathComponent("postgres/pgdata/postmaster.pid"), encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ pid_t($0) })
        {
            kill(pid, SIGQUIT)
            usleep(500_000)
        }
        try? FileManager.default.removeItem(at: data)
    }

    /// Whether `file` disappears within 10 seconds.
    static func gone(_ file: URL) async throws -> Bool {
        for _ in 0..<100 where FileManager.default.fileExists(atPath: file.path) { try await Task.sleep(for: .milliseconds(100)) }
        return !FileManager.default.fileExists(atPath: file.path)
    }

    /// A `tonghu` command started and not yet waited for.
    struct Launched {
        let process: Process
        let out: URL
        let err: URL

        /// Waits (without blocking a thread) for the command to end.
        func result() async -> CommandLine.Result {
            while process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
            return CommandLine.Result(
                status: process.terminationStatus, output: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                error: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        }
    }

    static func launch(_ arguments: [String], in data: URL) throws -> Launched {
        let name = UUID().uuidString.prefix(8)
        let out = data.appendingPathComponent("cli-\(name).out")
        let err = data.appendingPathComponent("cli-\(name).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = try CommandLine.binary("tonghu")
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TONGHU_") }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Launched(process: process, out: out, err: err)
    }

    /// `tonghu-gateway` on a random port of the data directory's embedded cluster; `environment` adds `TONGHU_*` settings.
    final class Gateway {
        let process = Process()
        let base: URL
        let logFile: URL

        init(data: URL, environment: [String: String] = [:]) throws {
            let port = Int.random(in: 20_000..<40_000)
            base = URL(string: "http://127.0.0.1:\(port)")!
            logFile = data.appendingPathComponent("gateway-\(port).log")
            process.executableURL = try CommandLine.binary("tonghu-gateway")
            process.arguments = ["--data-dir", data.path, "--port", "\(port)"]
            process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("TONGHU_") }.merging(environment) { $1 }
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: logFile)
            process.standardOutput = try FileHandle(forWritingTo: logFile)
            try process.run()
        }

        var log: String { String(decoding: (try? Data(contentsOf: logFile)) ?? Data(), as: UTF8.self) }

        func status(_ path: String) async throws -> Int {
            let (_, response) = try await URLSession.shared.data(from: base.appendingPathComponent(path))
            return (response as? HTTPURLResponse)?.statusCode ?? 0
        }

        /// Whether `/readyz` answers 200 within 30 seconds.
        func ready() async throws -> Bool {
            for _ in 0..<300 {
                if (try? await status("readyz")) == 200 { return true }
                guard process.isRunning else { return false }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }

        /// SIGTERM; whether the gateway exited normally within 30 seconds.
        func terminate() async throws -> Bool {
            process.terminate()
            for _ in 0..<300 where process.isRunning { try await Task.sleep(for: .milliseconds(100)) }
            return !process.isRunning && process.terminationReason == .exit
        }

        func kill() {
            if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        }
    }
}
