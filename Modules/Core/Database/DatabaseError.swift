/// Failures of the database layer that an operator must read and act on.
public enum DatabaseError: Error, Equatable, CustomStringConvertible {
    case invalidURL
    /// An applied migration's text changed after it ran; the database and the code disagree.
    case migrationEdited(programme: String, version: Int, name: String)
    /// The database holds migrations this build does not know (a newer build ran against it).
    case unknownMigration(programme: String, version: Int)

    public var description: String {
        switch self {
        case .invalidURL:
            "数据库地址无效: 应为 postgres://用户:密码@主机:端口/数据库 (invalid TONGHU_DATABASE_URL)"
        case let .migrationEdited(programme, version, name):
            "迁移 \(programme) #\(version) \(name) 已执行后被修改, 拒绝运行 (applied migration was edited; restore it and add a new migration)"
        case let .unknownMigration(programme, version):
            "数据库中有本程序不认识的迁移 \(programme) #\(version) (the database was migrated by a newer build)"
        }
    }
}
