import Foundation
import Synchronization

/// The keyring a running process uses. When it meets a key id it does not know (another process rotated keys),
/// it re-reads the keyring file once, so `tonghu keys rotate` needs no gateway restart.
public final class KeyringSource: Sendable {
    let file: URL?
    let state: Mutex<Keyring>

    public init(_ keyring: Keyring, file: URL?) {
        self.file = file
        self.state = Mutex(keyring)
    }

    public var current: Keyring { state.withLock { $0 } }

    /// Opens the ID number `ciphertext`, reloading the file first when `keyID` is unknown.
    public func open(_ ciphertext: Data, keyID: String) -> String? {
        open(ciphertext, keyID: keyID, field: Keyring.idNumberField)
    }

    /// Opens `ciphertext` of `field`, reloading the file first when `keyID` is unknown.
    public func open(_ ciphertext: Data, keyID: String, field: String) -> String? {
        let keyring = current
        if keyring.keyIDs.contains(keyID) { return keyring.open(ciphertext, keyID: keyID, field: field) }
        guard let file, let reloaded = try? Keyring.load(from: file) else { return nil }
        state.withLock { $0 = reloaded }
        return reloaded.open(ciphertext, keyID: keyID, field: field)
    }

    /// Replaces the keyring (after a rotation this process performed).
    public func replace(with keyring: Keyring) {
        state.withLock { $0 = keyring }
    }
}
