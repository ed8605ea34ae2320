import Districts
import Foundation

/// One role held in one district (and so in its whole subtree).
public struct Grant: Sendable, Codable, Equatable {
    public let role: String
    public let district: DistrictCode

    public init(role: String, district: DistrictCode) {
        self.role = role
        self.district = district
    }
}

/// The authenticated caller of a request.
public struct Principal: Sendable, Codable {
    public let userID: UUID
    public let username: String
    public let displayName: String
    public let grants: [Grant]
    /// A privileged user signed in without a second factor yet: the gateway serves only enrolment, `/me` and logout.
    public let enrolmentOnly: Bool

    public init(userID: UUID, username: String, displayName: String, grants: [Grant], enrolmentOnly: Bool = false) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.grants = grants
        self.enrolmentOnly = enrolmentOnly
    }

    /// The districts where one of the caller's roles grants `permission`; empty when none does.
    public func scope(for permission: Permission, in roles: RoleBook) -> DistrictScope {
        DistrictScope(grants.filter { roles.grants($0.role, permission) }.map(\.district))
    }
}

/// Every role of the compiled-in programmes, and what each grants.
public struct RoleBook: Sendable {
    public let roles: [String: Role]

    public init(_ roles: [Role]) {
        self.roles = Dictionary(roles.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func grants(_ role: String, _ permission: Permission) -> Bool {
        role == CorePermissions.adminRole || roles[role]?.permissions.contains(permission) == true
    }
}
