import Foundation

/// 明文查看 — showing a child's sealed numbers (ID number, phone numbers) unmasked: decided for each child by the
/// districts it belongs to, decrypted only where shown, and each unmasked view audited.
extension Call {
    /// What `open()` gives — the only place the caller decrypts — when the caller holds `permission` in one of
    /// `districts` (the child's residence or household-registration district), the view then audited as `action` on
    /// `entity` `entityID`; `nil` otherwise (the caller shows the masked form), with nothing decrypted or audited. A
    /// list asks once per row, so one answer may hold unmasked and masked rows.
    public func reveal<Shown>(
        _ permission: Permission, in districts: [DistrictCode], audit action: String, entity: String, entityID: String,
        child: UUID?, _ open: () async throws -> Shown?
    ) async rethrows -> Shown? {
        guard districts.contains(where: { holds(permission, in: $0) }), let shown = try await open() else { return nil }
        auditRead(action, entity: entity, entityID: entityID, child: child)
        return shown
    }
}
