import Glibc

/// Finds TCP ports on 127.0.0.1 that nothing listens on.
enum LoopbackPort {
    /// `preferred` when it can be bound, else a port the kernel picks.
    static func free(preferring preferred: Int?) throws -> Int {
        if let preferred, (try? bind(preferred)) != nil { return preferred }
        return try bind(0)
    }

    /// Binds (with `SO_REUSEADDR`, as PostgreSQL does) and closes a socket; returns the bound port.
    private static func bind(_ port: Int) throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw failure() }
        defer { close(socket) }
        var on: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(port).bigEndian
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                Glibc.bind(socket, generic, length) == 0 && getsockname(socket, generic, &length) == 0
            }
        }
        guard bound else { throw failure() }
        return Int(in_port_t(bigEndian: address.sin_port))
    }

    private static func failure() -> EmbeddedPostgresError {
        .noLoopbackPort(reason: String(cString: strerror(errno)))
    }
}
