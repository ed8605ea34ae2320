import Console
import Contract
import Foundation

/// The path and query inputs of the core's endpoints.
extension CoreEndpoints {
    static let code = PathInput.district("code")
    static let id = PathInput.uuid("id", child)

    /// The filters of `GET /audit` (the console's audit page reads the same).
    typealias Audit = AuditQuery
}
