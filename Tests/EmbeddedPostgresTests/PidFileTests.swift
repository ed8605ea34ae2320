import Testing

@testable import EmbeddedPostgres

@Suite("postmaster.pid")
struct PidFileTests {
    @Test("pid, port and status are read from lines 1, 4 and 8")
    func parsesReadyFile() {
        let text = "4242\n/data/pgdata\n1700000000\n54321\n/data/pgdata\n127.0.0.1\n  1234   5678\nready   \n"
        #expect(PidFile.parse(text) == PidFile(pid: 4242, port: 54321, status: "ready"))
    }

    @Test("a file still being written is not a pid file yet")
    func rejectsPartialFile() {
        #expect(PidFile.parse("4242\n/data/pgdata\n") == nil)
        #expect(PidFile.parse("") == nil)
    }

    @Test("a status other than ready is not ready")
    func startingIsNotReady() throws {
        let text = "4242\n/d\n1\n5432\n/d\n127.0.0.1\n1 2\nstarting\n"
        #expect(try #require(PidFile.parse(text)).isReady == false)
    }
}
