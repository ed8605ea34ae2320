import Contract
import Foundation

/// A file's contacts as stored: the list with phones masked in `contacts` (what every reader gets) and the whole list
/// sealed with the keyring in `contacts_cipher` / `contacts_key`, opened only for a reveal (registry migration 6).
struct SealedContacts: Sendable {
    /// Re-encrypted by `tonghu keys rotate`.
    static let column = SealedColumn(
        table: "registry.files", row: "child_id", rowType: "uuid", cipher: "contacts_cipher",
        keyID: "contacts_key", field: "registry.files.contacts")

    /// JSON of the contacts with masked phones.
    let masked: String
    /// The sealed list; `nil` with no contacts.
    let cipher: Data?
    let keyID: String?

    /// The columns as read.
    init(masked: String, cipher: Data?, keyID: String?) {
        (self.masked, self.cipher, self.keyID) = (masked, cipher, keyID)
    }

    /// Seals `contacts` (already checked by `FileDetails.validate`), their phones trimmed.
    init(_ contacts: [Contact], keyring: Keyring) {
        let contacts = contacts.map { contact in
            var trimmed = contact
            trimmed.phone = (try? PhoneNumber.parse(contact.phone, field: "contacts")) ?? nil
            return trimmed
        }
        masked = JSONText.encoding(contacts.map(\.masked))
        guard !contacts.isEmpty else {
            (cipher, keyID) = (nil, nil)
            return
        }
        let sealed = keyring.seal(JSONText.encoding(contacts), field: Self.column.field)
        (cipher, keyID) = (sealed.ciphertext, sealed.keyID)
    }

    /// The contacts with their phones masked.
    var maskedContacts: [Contact] {
        (try? JSONDecoder().decode([Contact].self, from: Data(masked.utf8))) ?? []
    }

    /// The contacts opened from the sealed list (masked when it cannot be opened).
    func opened(keyring: KeyringSource) -> [Contact] {
        if let cipher, let keyID, let json = keyring.open(cipher, keyID: keyID, field: Self.column.field),
            let contacts = try? JSONDecoder().decode([Contact].self, from: Data(json.utf8))
        {
            return contacts
        }
        return maskedContacts
    }
}
