import Foundation

/// Writes an import file of `count` children of `BenchCounty` as county staff send it (UTF-8, Chinese header): valid
/// GB 11643 ID numbers (all different, ages 0 to 16), half with both parents working away, a quarter with the father
/// away, a quarter urban with no parent status.
enum ChildrenCSV {
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗")
    static let givenNames = Array("明华建国丽英伟芳军敏静杰磊强洋艳勇娟涛超霞秀平刚桂")

    static func write(count: Int, to url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var buffer = "身份证号,姓名,居住地区划,户籍地区划,户籍类型,父亲状况,父亲状况起始,母亲状况,母亲状况起始\n"
        let oldest = Calendar(identifier: .gregorian).date(byAdding: .day, value: -6_000, to: Date())!
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd"
        formatter.timeZone = TimeZone(identifier: "Asia/Shanghai")
        let days = (0..<6_000).map { formatter.string(from: oldest.addingTimeInterval(Double($0) * 86_400)) }
        for index in 0..<count {
            let body = "320412" + days[index % days.count] + String(format: "%03d", index / days.count % 1_000)
            let village = BenchCounty.villages[index % BenchCounty.villages.count].description
            let name =
                String(surnames[index % surnames.count]) + String(givenNames[index / 7 % givenNames.count])
                + String(givenNames[index / 3 % givenNames.count])
            let parents =
                switch index % 4 {
                case 0, 1: "农村,外出务工,2024-03-01,外出务工,2024-03-01"
                case 2: "农村,外出务工,2024-03-01,,"
                default: "城镇,,,,"
                }
            buffer += "\(body)\(checkCharacter(body)),\(name),\(village),\(village),\(parents)\n"
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
    }

    /// ISO 7064 MOD 11-2, as GB 11643 computes it.
    static func checkCharacter(_ body: String) -> Character {
        let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        let sum = zip(body.utf8, weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
        return Array("10X98765432")[sum % 11]
    }
}
