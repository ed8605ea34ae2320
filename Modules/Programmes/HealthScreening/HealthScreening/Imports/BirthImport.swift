import CSVFiles
import Contract
import Foundation
import PostgresNIO

/// 出生信息导入 — births from a hospital information system (HIS) or the birth-certificate system, one newborn a row,
/// registered as `POST /newborns` registers one (the same checks, its chains and check-ups planned). A birth whose
/// hospital and hospital record number are registered already is counted, not duplicated, so a replayed file adds
/// nothing. A row outside the writer's districts is refused with its line; any refused row leaves the whole file unwritten.
struct BirthImport: Sendable {
    let writer: ImportWriter

    struct Outcome: ImportOutcome {
        var loaded = 0
        /// Rows whose hospital and record number were registered already (a replay).
        var alreadyRegistered = 0
        var refused: [Problem] = []

        static let auditAction = "newborn.import"
        var summary: String { "登记新生儿 \(loaded) 名, 已登记 \(alreadyRegistered) 名, 拒绝 \(refused.count) 行" }

        static var examples: [Outcome] {
            [
                Outcome(
                    loaded: 120, alreadyRegistered: 3,
                    refused: [Problem.invalid("motherIdNumber", "身份证号校验位错误", "the ID number's check digit is wrong", row: 7)])
            ]
        }
    }

    /// Header names accepted for each field (the order of columns is free); without a header, columns come in `order`.
    static let header = CSVHeader(
        names: [
            "district": ["随访区划", "居住地区划", "区划", "district"],
            "birthDistrict": ["出生机构区划", "助产机构区划", "birthdistrict"],
            "motherIdNumber": ["母亲身份证号", "母亲身份证件号", "motheridnumber"],
            "bornAt": ["出生时间", "borntime", "bornat"],
            "sex": ["性别", "sex"],
            "birthOrder": ["出生顺序", "胎次顺序", "birthorder"],
            "hospital": ["助产机构", "出生医院", "hospital"],
            "hospitalRecord": ["住院号", "病历号", "hospitalrecord"]
        ], key: "motherIdNumber")
    static let order = ["district", "birthDistrict", "motherIdNumber", "bornAt", "sex", "birthOrder", "hospital", "hospitalRecord"]

    func run(_ file: ImportFile) async throws -> Outcome {
        let (writer, newborns) = (writer, NewbornRepository(context: writer.context))
        let now = writer.context.clock.now()
        return try await writer.run(file, header: Self.header, order: Self.order, into: Outcome()) { outcome, cells, connection in
            let birth = try Self.registration(cells).validated(now: now)
            if let scope = writer.scope, !scope.contains(birth.district), !scope.contains(birth.birthDistrict) {
                throw Problem.invalid("district", "区划 \(birth.district) 不在您的管辖范围内", "district \(birth.district) is outside your districts")
            }
            for (code, field) in [(birth.district, "district"), (birth.birthDistrict, "birthDistrict")] {
                _ = try await BodyInput.districtInForce(code.description, field, writer.context)
            }
            if try await ImportRepository(context: writer.context).isRegistered(
                hospital: birth.hospital, record: birth.hospitalRecord, on: connection)
            {
                outcome.alreadyRegistered += 1
                return
            }
            let added = try await writer.context.policy.value(
                of: HealthScreeningPolicy.addedConditions, in: birth.district, on: CalendarDate.today(birth.bornAt), on: connection)
            _ = try await newborns.register(birth, conditions: Condition.inForce(adding: added), by: writer.actor, on: connection)
            outcome.loaded += 1
        }
    }

    /// The row as the newborn route's body; `sex` may be written 男/女, `birthOrder` must be a whole number.
    static func registration(_ cells: Cells) throws -> NewbornRegistration {
        let sex = ["男": "M", "女": "F", "m": "M", "f": "F"][cells["sex"].lowercased()] ?? cells["sex"]
        guard let order = Int(cells["birthOrder"]) else {
            throw Problem.invalid("birthOrder", "出生顺序应为 1 到 9 的整数", "birthOrder must be a whole number from 1 to 9")
        }
        return NewbornRegistration(
            district: cells["district"], birthDistrict: cells["birthDistrict"], motherIdNumber: cells["motherIdNumber"],
            bornAt: cells["bornAt"], sex: sex, birthOrder: order, hospital: cells["hospital"], hospitalRecord: cells["hospitalRecord"],
            arrivedAt: nil)
    }
}
