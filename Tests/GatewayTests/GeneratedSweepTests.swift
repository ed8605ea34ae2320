import Catalogue
import Contract
import Foundation
import HummingbirdTesting
import TestSupport
import Testing

/// Sweeps generated from `/openapi.json` over every operation of every programme in the catalogue: a sibling
/// district's users in every role, and hostile input in every parameter and field.
@Suite("Generated sweeps over /openapi.json", .serialized)
struct GeneratedSweepTests {
    static let programmes: [any Programme] = Catalogue.programmes.map { $0.init() }
    /// 湖塘镇's child, opened by 湖塘镇's administrator; the sweep looks for its id, name and ID number in every answer.
    static let idNumber = "320412201505050015"

    /// What 湖塘镇 (township A) holds: the ids of everything its administrator created.
    struct Holdings {
        let child: String
        var ids: [String]
        let secrets: [String]
    }

    /// Opens a child's file in 马杭村 and gives it a visit, an agreement, a transfer within the township, a worker, a
    /// survey round, a home-teaching plan and a pairing, as 湖塘镇's administrator.
    static func seed(_ test: TestPlatform, _ client: any TestClientProtocol) async throws -> Holdings {
        try await test.user("jia-admin", role: "core.admin", district: TestPlatform.townshipA)
        let token = try await client.login("jia-admin")
        let village = TestPlatform.villageA.description
        let township = TestPlatform.townshipA.description
        let opened = try await client.call(
            .post, "/api/v1/registry/children", token: token,
            json: [
                "idNumber": idNumber, "name": "甲村童", "residenceDistrict": village, "hukouDistrict": village, "hukouType": "rural",
                "parents": [["parent": "father", "condition": "working-away", "since": "2024-03-01"]],
                "contacts": [["name": "甲村童祖母", "relationship": "祖母", "phone": "13812345678"]]
            ])
        let child = try #require(opened.body["id"] as? String, "\(opened.text)")
        var ids = [child]
        let created: [(String, [String: Any])] = [
            ("/api/v1/registry/children/\(child)/visits", ["visitedOn": "2026-11-01", "mode": "home"]),
            (
                "/api/v1/registry/children/\(child)/agreements",
                ["carerName": "甲村童祖母", "relationship": "祖母", "starts": "2024-03-01", "signedOn": "2024-03-01"]
            ),
            ("/api/v1/registry/children/\(child)/transfers", ["toDistrict": "320412100202", "reason": "迁居"]),
            (
                "/api/v1/registry/workers",
                ["district": village, "role": "director", "name": "甲村主任", "phone": "13900001111", "appointedOn": "2025-03-01"]
            ),
            ("/api/v1/registry/survey-rounds", ["district": township, "title": "甲镇排查", "opensOn": "2026-11-01", "closesOn": "2026-11-30"]),
            (
                "/api/v1/dropout-control/home-teaching/plans",
                [
                    "student": ["child": child, "idNumber": idNumber, "name": "甲村童"], "district": township,
                    "school": "湖塘中心小学", "startsOn": "2026-09-01"
                ]
            ),
            (
                "/api/v1/dropout-control/pairings",
                [
                    "student": ["idNumber": idNumber, "name": "甲村童"], "district": township, "mentor": "甲老师",
                    "mentorKind": "teacher", "startsOn": "2026-09-01"
                ]
            )
        ]
        for (path, body) in created {
            let response = try await client.call(.post, path, token: token, json: body)
            if let id = response.body["id"] { ids.append("\(id)") }
        }
        return Holdings(
            child: child, ids: ids, secrets: [child.lowercased(), child.uppercased(), "甲村童", "甲村主任", idNumber, "13812345678", "13900001111"]
        )
    }

    @Test("users of a sibling township, in every role, get no child data of another township and write nothing there")
    func siblingSweep() async throws {
        try await TestPlatform.with(programmes: Self.programmes) { test in
            try await test.withClient { client in
                let holdings = try await Self.seed(test, client)
                #expect(holdings.ids.count >= 6, "the seed created \(holdings.ids)")
                let sweep = try await OpenAPISweep(client: client)
                // Everything named as 湖塘镇's; then the caller's own districts with 湖塘镇's child, ids and ID number.
                let variants = [TestPlatform.villageA, TestPlatform.villageB, TestPlatform.townshipB].map {
                    OpenAPISweep.Values(district: $0.description, childID: holdings.child, idNumber: Self.idNumber)
                }
                var requests = 0
                var statuses: [String: [Int]] = [:]
                for role in test.platform.context.roles.roles.keys.sorted() {
                    let user = "yi-" + role.replacingOccurrences(of: ".", with: "-")
                    try await test.user(user, role: role, district: TestPlatform.townshipB)
                    let token = try await client.login(user)
                    for operation in sweep.operations where !operation.isOpen && operation.path != "/api/v1/auth/logout" {
                        let candidates = operation.pathParameters.isEmpty ? [""] : holdings.ids + [TestPlatform.villageA.description]
                        for candidate in candidates {
                            for values in variants {
                                let path = OpenAPISweep.fill(operation.path) { name in
                                    name == "code" ? values.district : (candidate.isEmpty ? holdings.child : candidate)
                                }
                                let query = OpenAPISweep.query(
                                    operation.query.map { ($0, "\(values.sample($0, schema: operation.schemas[$0] ?? [:]))") })
                                let body = try operation.body.map { try JSONSerialization.data(withJSONObject: values.object($0)) }.map {
                                    [UInt8]($0)
                                }
                                let response = try await OpenAPISweep.send(client, operation.method, path + query, token: token, body: body)
                                requests += 1
                                statuses[operation.description, default: []].append(Int(response.status.code))
                                let context =
                                    "\(role): \(operation.method) \(path + query) → \(response.status.code) \(response.text.prefix(300))"
                                #expect(response.status.code < 500, "\(context)")
                                #expect(response.status != .unauthorized, "\(context): the sweep must run signed in")
                                for secret in holdings.secrets {
                                    #expect(!response.text.contains(secret), "\(context) shows \(secret)")
                                }
                                // A write naming 湖塘镇's child, ids or district must be refused; one naming only the caller's own may pass.
                                let bodyText = body.map { String(decoding: $0, as: UTF8.self) } ?? ""
                                let namesOther =
                                    !candidate.isEmpty || values.district == TestPlatform.villageA.description
                                    || bodyText.contains(holdings.child) || bodyText.contains(Self.idNumber)
                                if !operation.isRead, operation.permission != nil, namesOther {
                                    #expect(!(200..<300).contains(response.status.code), "\(context) was accepted")
                                }
                                // A read of 湖塘镇's district with child data is refused, not answered with the caller's own under its name.
                                if operation.query.contains("district"), values.district == TestPlatform.villageA.description,
                                    !Self.districtVocabulary.contains(operation.path)
                                {
                                    #expect(
                                        !(200..<300).contains(response.status.code),
                                        "\(context) answered for a district outside the caller's scope")
                                }
                            }
                        }
                    }
                }
                // Most answers must be real refusals and reads, not sign-in failures or missing routes.
                #expect(statuses.values.joined().filter { $0 == 404 || $0 == 403 }.count > requests / 2)
                #expect(requests > 500)
            }
        }
    }

    /// Reads that take a district only to choose the rules in force there (the category vocabulary), no child data.
    static let districtVocabulary: Set<String> = ["/api/v1/registry/categories"]

    /// Values no route may crash on: 20-digit numbers and dates, NUL, lone surrogates, SQL and path metacharacters,
    /// strings of 100 KB and 1 MB, deep nesting, wrong types.
    static let hostileJSON: [String] = [
        "99999999999999999999", "-1e400", "1.5", #""99999999999999999999""#, #""99999999999999999999-01-01""#, #""9999-12-31""#,
        #""0000-00-00""#, #""\u0000""#, #""a\u0000b""#, #""\ud800""#, #""'; DROP TABLE core.children; --""#, #""../../../etc/passwd""#,
        #""%00%FF""#, "\"" + String(repeating: "童", count: 40_000) + "\"", "\"" + String(repeating: "x", count: 1_100_000) + "\"",
        String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000), #"{"$gt":""}"#, "true", "null", #""""#, "[]", "{}"
    ]

    /// The same for path and query parameters (already percent-encoded where that matters).
    static let hostileText: [String] = [
        "99999999999999999999", "99999999999999999999-01-01", "9999-12", "9999-12-31", "%00", "a%00b", "%FF%FE", "%ED%A0%80",
        "'%20OR%201%3D1--", "..%2F..%2Fetc%2Fpasswd", String(repeating: "9", count: 4_000), "-1", "0", "NaN"
    ]

    @Test("hostile input in every parameter and field of every operation gets a 4xx problem, never a 5xx")
    func hostileInput() async throws {
        try await TestPlatform.with(programmes: Self.programmes) { test in
            try await test.withClient { client in
                let holdings = try await Self.seed(test, client)
                for role in test.platform.context.roles.roles.keys.sorted() {
                    try await test.user("sweeper", role: role, district: TestPlatform.county)
                }
                let token = try await client.login("sweeper")
                let sweep = try await OpenAPISweep(client: client)
                let values = OpenAPISweep.Values(
                    district: TestPlatform.villageA.description, childID: holdings.child, idNumber: Self.idNumber)
                var requests = 0
                var statuses: [String: [Int]] = [:]
                func check(_ operation: OpenAPISweep.Operation, _ uri: String, body: [UInt8]?, _ what: String) async throws {
                    let response = try await OpenAPISweep.send(
                        client, operation.method, uri, token: operation.isOpen ? nil : token, body: body)
                    requests += 1
                    let context = "\(operation) \(what) → \(response.status.code) \(response.text.prefix(300))"
                    #expect(response.status.code < 500, "\(context)")
                    #expect(operation.isOpen || response.status != .unauthorized, "\(context): the sweep must run signed in")
                    statuses[operation.description, default: []].append(Int(response.status.code))
                    if response.status.code >= 400 {
                        #expect(response.contentType?.hasPrefix("application/problem+json") == true, "\(context)")
                    }
                }
                for operation in sweep.operations where !["/healthz", "/readyz", "/metrics", "/api/v1/auth/logout"].contains(operation.path)
                {
                    let path = OpenAPISweep.fill(operation.path) { $0 == "code" ? values.district : holdings.child }
                    let query = operation.query.map { ($0, "\(values.sample($0, schema: operation.schemas[$0] ?? [:]))") }
                    let base = operation.body.map(values.object)
                    func body(_ object: [String: Any]?) throws -> [UInt8]? {
                        try object.map { [UInt8](try JSONSerialization.data(withJSONObject: $0)) }
                    }
                    for parameter in operation.pathParameters {
                        for value in Self.hostileText {
                            let uri = OpenAPISweep.fill(operation.path) {
                                $0 == parameter ? value : ($0 == "code" ? values.district : holdings.child)
                            }
                            try await check(
                                operation, uri + OpenAPISweep.query(query), body: try body(base), "path \(parameter)=\(value.prefix(40))")
                        }
                    }
                    for parameter in operation.query {
                        // Besides the hostile text, values just outside the parameter's documented bounds and codes.
                        for value in Self.hostileText
                            + OpenAPISweep.outOfBounds(operation.schemas[parameter] ?? [:]).map(OpenAPISweep.encode)
                        {
                            let uri =
                                path + "?"
                                + query.map { "\(OpenAPISweep.encode($0.0))=\($0.0 == parameter ? value : OpenAPISweep.encode($0.1))" }
                                .joined(separator: "&")
                            try await check(operation, uri, body: try body(base), "query \(parameter)=\(value.prefix(40))")
                        }
                    }
                    guard let base else { continue }
                    let uri = path + OpenAPISweep.query(query)
                    for field in base.keys.sorted() {
                        var marked = base
                        marked[field] = "\u{1}HOSTILE\u{1}"
                        let template = String(decoding: try JSONSerialization.data(withJSONObject: marked), as: UTF8.self)
                        for value in Self.hostileJSON {
                            let text = template.replacingOccurrences(of: #""\u0001HOSTILE\u0001""#, with: value)
                            try await check(operation, uri, body: Array(text.utf8), "body \(field)=\(value.prefix(40))")
                        }
                        // Invalid UTF-8 inside a string.
                        let invalid = Array(template.replacingOccurrences(of: #"\u0001HOSTILE\u0001"#, with: "@").utf8).map {
                            $0 == UInt8(ascii: "@") ? 0xFF : $0
                        }
                        try await check(operation, uri, body: invalid, "body \(field)=0xFF")
                    }
                    for whole in [
                        "", "not json", "[]", "null",
                        String(repeating: "{\"a\":", count: 3_000) + "1" + String(repeating: "}", count: 3_000)
                    ] {
                        try await check(operation, uri, body: Array(whole.utf8), "whole body \(whole.prefix(20))")
                    }
                }
                let inputs = sweep.operations.filter { !$0.pathParameters.isEmpty || !$0.query.isEmpty || $0.body != nil }
                #expect(Set(statuses.keys) == Set(inputs.map(\.description)), "every operation that takes input was swept")
                #expect(requests > 1_000)
            }
        }
    }
}
