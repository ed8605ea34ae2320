import Contract

/// Request schemas of the case routes, for the OpenAPI document.
enum CaseSchemas {
    static let student = JSONValue.objectSchema([
        "child": .stringSchema("关注名单中的儿童编号 (台账中的 id)", format: "uuid"),
        "idNumber": .stringSchema("身份证号 (学籍快照中没有此学生时还须填写 name)"),
        "name": .stringSchema("姓名")
    ])
    static let open = JSONValue.objectSchema(
        [
            "student": student, "term": .stringSchema("学期, 如 2026-autumn"),
            "district": .districtCodeSchema, "note": .stringSchema("说明")
        ], required: ["student", "term"])
    static let verify = JSONValue.objectSchema(["verifiedOn": .stringSchema("核实日期", format: "date"), "note": .stringSchema("核实情况")])
    static let attempt = JSONValue.objectSchema(
        [
            "party": .stringSchema("teacher (教师) / village (村(居)委会) / township (乡镇) / county (县教育局)"),
            "by": .stringSchema("劝返人员"), "attemptedOn": .stringSchema("日期", format: "date"),
            "method": .stringSchema("home-visit / phone / meeting / letter / other"),
            "outcome": .stringSchema("returned (复学) / promised / refused / no-contact / other"), "note": .stringSchema("情况")
        ], required: ["party", "by", "attemptedOn", "method", "outcome"])
    static let report = JSONValue.objectSchema(
        [
            "reportedOn": .stringSchema("报告日期", format: "date"), "content": .stringSchema("报告内容"),
            "recipients": .arraySchema(.stringSchema("报送单位 (默认 县教育局、乡镇政府)"))
        ], required: ["content"])
    static let legal = JSONValue.objectSchema(
        [
            "measure": .stringSchema("措施 (行政督促、责令改正、行政处罚、诉讼 …)"), "takenOn": .stringSchema("日期", format: "date"),
            "note": .stringSchema("说明")
        ], required: ["measure", "takenOn"])
    static let close = JSONValue.objectSchema(
        [
            "reason": .stringSchema(
                "returned / transferred / special-education / home-teaching / moved-away / not-a-dropout / over-age / deceased"),
            "evidence": .stringSchema("证明材料"), "closedOn": .stringSchema("销号日期", format: "date")
        ], required: ["reason", "evidence"])
}
