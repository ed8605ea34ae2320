import Foundation
import Glibc

/// Lets the service account reach a cluster directory that lies under a directory it cannot enter — root's home
/// (mode 0700 on a fresh Debian machine) or a `mktemp -d` directory — by granting exactly the traversal needed:
/// a POSIX ACL entry `user:postgres:--x` on each such ancestor, so the account can pass through but not list or read
/// it, and no other account gains anything.
enum TraversalGrant {
    /// Grants `user` search permission on every ancestor of `directory` it lacks it on.
    ///
    /// - Throws: ``EmbeddedPostgresError/unreachableDirectory(path:user:)`` naming the first ancestor whose file system
    ///   refuses ACLs.
    static func grant(to user: ServerAccount.SystemUser, along directory: URL) throws {
        for ancestor in ancestors(of: directory) where !canTraverse(ancestor, as: user) {
            guard addSearchEntry(for: user, on: ancestor) else {
                throw EmbeddedPostgresError.unreachableDirectory(path: ancestor, user: user.name)
            }
        }
    }

    /// `/`, `/root`, …, the parent of `directory`.
    static func ancestors(of directory: URL) -> [String] {
        let parts = directory.standardizedFileURL.path.split(separator: "/").dropLast()
        return ["/"] + parts.indices.map { "/" + parts[...$0].joined(separator: "/") }
    }

    /// Whether `user` (with only its primary group, as `setpriv --clear-groups` runs it) may search `path`, by the
    /// mode bits or the access ACL, as the kernel decides it.
    static func canTraverse(_ path: String, as user: ServerAccount.SystemUser) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let mode = UInt16(info.st_mode & 0o777)
        let entries = AccessList.read(path) ?? []
        if info.st_uid == user.uid { return mode & 0o100 != 0 }
        let mask = entries.first { $0.tag == .mask }?.permissions ?? 0o7
        if let named = entries.first(where: { $0.tag == .user && $0.id == user.uid }) { return named.permissions & mask & 1 != 0 }
        let groupMatches = entries.filter { ($0.tag == .groupObject && info.st_gid == user.gid) || ($0.tag == .group && $0.id == user.gid) }
        if !groupMatches.isEmpty { return groupMatches.contains { $0.permissions & mask & 1 != 0 } }
        if entries.isEmpty, info.st_gid == user.gid { return mode & 0o010 != 0 }
        return mode & 0o001 != 0
    }

    /// Adds (or widens) `user:<name>:--x` in `path`'s access ACL; `false` when the file system does not take ACLs.
    private static func addSearchEntry(for user: ServerAccount.SystemUser, on path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        var entries = AccessList.read(path) ?? AccessList.fromMode(UInt16(info.st_mode & 0o777))
        if let index = entries.firstIndex(where: { $0.tag == .user && $0.id == user.uid }) {
            entries[index].permissions |= 1
        } else {
            entries.append(.init(tag: .user, permissions: 1, id: user.uid))
        }
        if let index = entries.firstIndex(where: { $0.tag == .mask }) {
            entries[index].permissions |= 1
        } else {
            let group = entries.first { $0.tag == .groupObject }?.permissions ?? 0
            entries.append(.init(tag: .mask, permissions: group | 1, id: AccessList.undefinedID))
        }
        return AccessList.write(entries, to: path)
    }
}

/// A POSIX access ACL in the kernel's `system.posix_acl_access` form: version 2, then entries of tag, permissions, id.
enum AccessList {
    struct Entry {
        enum Tag: UInt16 {
            case userObject = 0x01, user = 0x02, groupObject = 0x04, group = 0x08, mask = 0x10, other = 0x20
        }
        var tag: Tag
        var permissions: UInt16
        var id: UInt32
    }

    static let attribute = "system.posix_acl_access"
    /// `getxattr(2)` and `setxattr(2)` from the C library (Glibc's module map leaves `sys/xattr.h` out).
    private static let getxattr = unsafeBitCast(
        dlsym(nil, "getxattr"),
        to: (@convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeMutableRawPointer?, Int) -> Int).self)
    private static let setxattr = unsafeBitCast(
        dlsym(nil, "setxattr"),
        to: (@convention(c) (UnsafePointer<CChar>, UnsafePointer<CChar>, UnsafeRawPointer?, Int, Int32) -> Int32).self)
    static let undefinedID: UInt32 = 0xFFFF_FFFF
    private static let version: UInt32 = 2

    /// The entries of `path`'s ACL, or `nil` when it has none beyond its mode bits.
    static func read(_ path: String) -> [Entry]? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let length = getxattr(path, attribute, &bytes, bytes.count)
        guard length >= 4, (length - 4) % 8 == 0, number(bytes, at: 0, width: 4) == version else { return nil }
        return stride(from: 4, to: length, by: 8).compactMap { offset in
            Entry.Tag(rawValue: UInt16(number(bytes, at: offset, width: 2))).map {
                Entry(
                    tag: $0, permissions: UInt16(number(bytes, at: offset + 2, width: 2)),
                    id: UInt32(number(bytes, at: offset + 4, width: 4)))
            }
        }
    }

    /// The three entries a mode stands for.
    static func fromMode(_ mode: UInt16) -> [Entry] {
        [
            Entry(tag: .userObject, permissions: (mode >> 6) & 7, id: undefinedID),
            Entry(tag: .groupObject, permissions: (mode >> 3) & 7, id: undefinedID),
            Entry(tag: .other, permissions: mode & 7, id: undefinedID)
        ]
    }

    /// Sets `entries`, sorted as the kernel requires (by tag, then id).
    static func write(_ entries: [Entry], to path: String) -> Bool {
        var bytes = littleEndian(version, width: 4)
        for entry in entries.sorted(by: { ($0.tag.rawValue, $0.id) < ($1.tag.rawValue, $1.id) }) {
            bytes += littleEndian(UInt32(entry.tag.rawValue), width: 2) + littleEndian(UInt32(entry.permissions), width: 2)
            bytes += littleEndian(entry.id, width: 4)
        }
        return setxattr(path, attribute, bytes, bytes.count, 0) == 0
    }

    private static func number(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt32 {
        (0..<width).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    private static func littleEndian(_ value: UInt32, width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
