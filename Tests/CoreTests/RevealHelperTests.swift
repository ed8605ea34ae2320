import Contract
import Hummingbird
import TestSupport
import Testing

/// A programme whose one route asks `Call.reveal` about a secret of each of two villages and reports what it opened.
struct RevealProbeProgramme: Programme {
    static let id = "demo-reveal"
    static let title = Localized(zh: "明文探针", en: "Reveal probe")
    static let reveal: Permission = "demo-reveal.secret.reveal"
    var migrations: [Migration] { [] }
    var permissions: [Permission] { ["demo-reveal.secret.read", Self.reveal] }
    var roles: [Role] {
        [
            Role("demo-reveal.reader", title: .init(zh: "查看", en: "Reader"), permissions: ["demo-reveal.secret.read"]),
            Role("demo-reveal.revealer", title: .init(zh: "查看明文", en: "Revealer"), permissions: [Self.reveal])
        ]
    }
    func endpoints(_ context: ProgrammeContext) -> [Endpoint] {
        [
            Endpoint(
                .get, "/probe", summary: .init(zh: "探针", en: "Probe"), access: .permission("demo-reveal.secret.read"),
                response: .json([String].self)
            ) { _, call in
                var opened = 0
                var answers: [String] = []
                for village in [TestPlatform.villageA, TestPlatform.villageB] {
                    let shown = await call.reveal(
                        Self.reveal, in: [village], audit: "secret.reveal", entity: "village", entityID: village.description, child: nil
                    ) { () -> String? in
                        opened += 1
                        return "secret of \(village)"
                    }
                    answers.append(shown ?? "masked")
                }
                return try call.json(answers + ["opened \(opened)"])
            }
        ]
    }
}

@Suite("明文查看 Call.reveal")
struct RevealHelperTests {
    @Test("one answer: the village where the caller may reveal is opened and audited; the sibling township's stays masked, unopened")
    func perDistrict() async throws {
        try await TestPlatform.with(programmes: [RevealProbeProgramme()]) { test in
            try await test.user("prober", role: "demo-reveal.reader", district: TestPlatform.county)
            try await test.user("prober", role: "demo-reveal.revealer", district: TestPlatform.townshipA)
            try await test.withClient { client in
                let answer = try await client.call(.get, "/api/v1/demo-reveal/probe", token: try await client.login("prober"))
                #expect(answer.text == #"["secret of 320412100201","masked","opened 1"]"#)
            }
            try await test.platform.context.auditReads.flush()
            let audited = try await test.owner.withConnection {
                try await test.platform.context.audit.query(AuditFilter(actor: "prober"), on: $0)
            }.filter { $0.action == "secret.reveal" }
            #expect(audited.map(\.entityID) == ["320412100201"])
        }
    }
}
