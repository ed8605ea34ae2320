import Contract
import Foundation
import Hummingbird

/// Query-string values of this programme's routes; a missing or bad one is a 422 naming the parameter.
extension Parameters {
    func district() throws -> DistrictCode {
        guard let text = get("district"), let code = DistrictCode(text) else {
            throw Problem.invalid("district", "district 应为 12 位区划代码", "district must be a 12-digit district code")
        }
        return code
    }

    func term() throws -> Term { try Term.parse(get("term")) }

    func after() throws -> UUID? {
        guard let text = get("after") else { return nil }
        guard let id = UUID(uuidString: text) else {
            throw Problem.invalid("after", "after 应为上一页最后一条的编号", "after must be the last id of the previous page")
        }
        return id
    }

    func integer(_ name: String, in range: ClosedRange<Int>, default value: Int) throws -> Int {
        guard let text = get(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw Problem.invalid(
                name, "\(name) 应为 \(range.lowerBound) 到 \(range.upperBound) 的整数", "\(name) must be an integer in \(range)")
        }
        return number
    }
}
