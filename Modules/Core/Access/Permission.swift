import Vocabulary

/// `<programme-id>.<resource>.<action>`, e.g. `registry.child.read`. Routes require one; roles grant them.
public struct Permission: Hashable, Sendable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral value: String) { self.name = value }

    public var description: String { name }

    /// The programme id the permission belongs to (`registry` of `registry.child.read`).
    public var owner: String { String(name.prefix { $0 != "." }) }

    public init(from decoder: any Decoder) throws { name = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

/// A programme role, `<programme-id>.<role>`, with the permissions it grants. A user holds a role in a district.
public struct Role: Sendable, Codable, Equatable {
    public let name: String
    public let title: Localized
    public let permissions: [Permission]

    public init(_ name: String, title: Localized, permissions: [Permission]) {
        self.name = name
        self.title = title
        self.permissions = permissions
    }
}

/// The core's own permissions and roles.
public enum CorePermissions {
    public static let childRead: Permission = "core.child.read"
    public static let childRegister: Permission = "core.child.register"
    /// See ID numbers unmasked (身份证号明文); every such view is audited.
    public static let childReveal: Permission = "core.child.reveal"
    public static let auditRead: Permission = "core.audit.read"
    public static let districtRead: Permission = "core.district.read"
    /// See the accounts and their grants (the console's users page); administrators only.
    public static let userRead: Permission = "core.user.read"
    /// Create accounts, grant and revoke roles, lock and unlock accounts within one's scope (the console's users pages).
    public static let userManage: Permission = "core.user.manage"

    public static let all = [childRead, childRegister, childReveal, auditRead, districtRead, userRead, userManage]

    /// `core.admin` is special: it holds every permission of every programme within its district scope.
    public static let adminRole = "core.admin"

    public static let roles: [Role] = [
        Role(adminRole, title: .init(zh: "系统管理员", en: "Administrator"), permissions: all),
        Role("core.registrar", title: .init(zh: "儿童信息登记员", en: "Registrar"), permissions: [childRead, childRegister, districtRead]),
        Role("core.auditor", title: .init(zh: "审计员", en: "Auditor"), permissions: [auditRead, districtRead])
    ]
}
