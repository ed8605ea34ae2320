import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

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

    func status(_ url: URL) async throws -> Int {
        let (_, response) = try await URLSession.shared.data(from: url)
        return (response as? HTTPURLResponse)?.statusCode ?? 0
    }
}
