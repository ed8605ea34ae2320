import CSVFiles
import Contract
import Foundation

/// 筛查结果 — one laboratory result of a laboratory information system (LIS) export: the newborn it is for, the condition,
/// the result and when it was reported, checked field by field (the error names the field).
struct LabResultRow: Sendable {
    /// How the row names its newborn.
    enum NewbornKey: Sendable {
        /// 住院号, of the birth hospital when the row gives it.
        case record(hospital: String?, record: String)
        /// 母亲身份证号 and birth day, of the birth order when the row gives it.
        case mother(CitizenID, day: CalendarDate, order: Int?)
    }

    let newborn: NewbornKey
    let condition: String
    let result: StepRecord.Validated

    /// Header names accepted for each field (the order of columns is free); without a header, columns come in `order`.
    static let header = CSVHeader(
        names: [
            "hospital": ["助产机构", "出生医院", "hospital"],
            "hospitalRecord": ["住院号", "病历号", "hospitalrecord"],
            "motherIdNumber": ["母亲身份证号", "母亲身份证件号", "motheridnumber"],
            "bornAt": ["出生日期", "出生时间", "bornat"],
            "birthOrder": ["出生顺序", "birthorder"],
            "condition": ["筛查病种", "病种", "项目", "condition"],
            "state": ["结果", "筛查结果", "state", "result"],
            "occurredAt": ["报告时间", "检测时间", "occurredat"],
            "institution": ["检测机构", "实验室", "institution"],
            "detail": ["检测值", "结果值", "detail"]
        ], key: "condition")
    static let order = [
        "hospital", "hospitalRecord", "motherIdNumber", "bornAt", "birthOrder", "condition", "state", "occurredAt",
        "institution", "detail"
    ]

    /// The results written in words as laboratories export them, beside the API's states.
    static let states = ["阴性": "negative", "阳性": "positive", "未通过": "refer", "可疑": "positive", "标本不合格": "unsatisfactory"]

    static func parse(_ cells: Cells, now: Date) throws -> LabResultRow {
        let key: NewbornKey
        if let record = cells.optional("hospitalRecord") {
            key = .record(hospital: cells.optional("hospital"), record: record)
        } else if let mother = cells.optional("motherIdNumber") {
            let id = try NewbornRegistration.mother(mother, today: CalendarDate.today(now))
            let born = cells["bornAt"]
            guard let day = CalendarDate(born) ?? (try? Instant.parse(born, "bornAt", notAfter: now)).map(CalendarDate.today) else {
                throw Problem.invalid(
                    "bornAt", "出生日期应为 2026-11-20 或带时区的出生时间", "bornAt must be a date (2026-11-20) or an RFC 3339 instant")
            }
            var order: Int?
            if let text = cells.optional("birthOrder") {
                guard let value = Int(text), (1...9).contains(value) else {
                    throw Problem.invalid("birthOrder", "出生顺序应为 1 到 9", "birthOrder must be 1 to 9")
                }
                order = value
            }
            key = .mother(id, day: day, order: order)
        } else {
            throw Problem.invalid(
                "hospitalRecord", "请填写住院号, 或母亲身份证号与出生日期", "give the hospital record number, or the mother's ID number and birth day")
        }
        guard let condition = cells.optional("condition") else {
            throw Problem.invalid("condition", "请填写筛查病种", "condition is required")
        }
        let state = states[cells["state"]] ?? cells["state"].lowercased()
        let result = try StepRecord(
            state: state, occurredAt: cells["occurredAt"], institution: cells.optional("institution"), person: nil, method: nil,
            reason: nil, detail: cells.optional("detail")
        ).validated(for: .result, now: now)
        return LabResultRow(newborn: key, condition: condition, result: result)
    }
}
