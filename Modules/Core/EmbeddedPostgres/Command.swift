import Foundation

/// A program and its arguments, ready to spawn.
struct Command: Sendable {
    let executable: URL
    let arguments: [String]
}
