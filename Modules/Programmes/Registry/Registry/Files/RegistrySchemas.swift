import Contract

/// Request schemas for the OpenAPI document.
enum RegistrySchemas {
    static let parentStatus = JSONValue.objectSchema(
        [
            "parent": .stringSchema("father 或 mother"),
            "condition": .stringSchema(
                "working-away / severe-illness / severe-disability / imprisoned / compulsory-detox / other-liberty-restriction / lost-contact / dead / declared-missing / guardianship-revoked / deported"
            ),
            "since": .stringSchema("起始日期 (失联: 公安受理报案之日)", format: "date"),
            "until": .stringSchema("结束日期", format: "date"),
            "termMonths": ["type": "integer", "description": "刑期或戒毒期限 (月)"],
            "disabilityGrade": ["type": "integer", "description": "残疾等级 1-4"],
            "disabilityType": .stringSchema("残疾类别")
        ], required: ["parent", "condition", "since"])

    static let openFile = JSONValue.objectSchema(
        [
            "idNumber": .stringSchema("18 位公民身份号码"), "name": .stringSchema("姓名"),
            "residenceDistrict": .districtCodeSchema, "hukouDistrict": .districtCodeSchema,
            "hukouType": .stringSchema("rural (农村) 或 urban (城镇)"),
            "parents": .arraySchema(parentStatus),
            "categories": .arraySchema(
                .objectSchema(["category": .stringSchema("类别"), "reason": .stringSchema("理由")], required: ["category", "reason"])),
            "contacts": .arraySchema(
                .objectSchema(["name": .stringSchema("姓名"), "relationship": .stringSchema("关系"), "phone": .stringSchema("电话")]))
        ], required: ["idNumber", "name", "residenceDistrict", "hukouDistrict"])

    static let fileUpdate = JSONValue.objectSchema([
        "hukouType": .stringSchema("rural (农村) 或 urban (城镇)"), "ethnicity": .stringSchema("民族"),
        "livingWith": .stringSchema("与谁共同生活"), "boarding": ["type": "boolean", "description": "寄宿"],
        "school": .stringSchema("学校"), "grade": .stringSchema("年级"), "health": .stringSchema("健康状况"),
        "disabilityType": .stringSchema("残疾类别"), "disabilityGrade": ["type": "integer", "description": "残疾等级 1-4"],
        "economicStatus": .arraySchema(.stringSchema("低保 / 特困 / 脱贫户 / 监测户")),
        "contacts": .arraySchema(
            .objectSchema(["name": .stringSchema("姓名"), "relationship": .stringSchema("关系"), "phone": .stringSchema("电话")])),
        "inInstitution": ["type": "boolean"], "fullTimeStudent": ["type": "boolean"], "adopted": ["type": "boolean"],
        "deceased": ["type": "boolean"],
        "responsibleDistrict": .districtCodeSchema
    ])

    static let visit = JSONValue.objectSchema(
        [
            "visitedOn": .stringSchema("走访日期", format: "date"),
            "mode": .stringSchema("home / phone / video"),
            "met": .arraySchema(.stringSchema("见到的人: child / guardian / carer …")),
            "findings": .objectSchema([
                "guardianship": .stringSchema("监护情况"), "living": .stringSchema("生活情况"), "schooling": .stringSchema("就学情况"),
                "health": .stringSchema("健康情况"), "mood": .stringSchema("心理情绪"), "safety": .stringSchema("安全情况"),
                "livesAlone": ["type": "boolean"], "suspectedViolence": ["type": "boolean"], "mandatoryReportSituation": ["type": "boolean"]
            ]),
            "problems": .stringSchema("发现的问题"), "actions": .stringSchema("采取的措施"), "referrals": .stringSchema("转介")
        ], required: ["visitedOn", "mode"])
}
