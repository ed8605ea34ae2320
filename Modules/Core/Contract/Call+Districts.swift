extension Call {
    /// The districts where the caller's roles grant `permission`, in grant order.
    public func districts(granting permission: Permission) -> [DistrictCode] {
        principal?.grants.filter { context.roles.grants($0.role, permission) }.map(\.district) ?? []
    }

    /// The caller's first district granting `permission` — a page's default when none is asked; 404 when there is none.
    public func ownDistrict(granting permission: Permission) throws -> DistrictCode {
        guard let first = districts(granting: permission).first else { throw Problem.notFound(.init(zh: "您的管辖区划", en: "Your district")) }
        return first
    }
}
