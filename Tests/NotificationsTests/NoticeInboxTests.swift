import Contract
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite("通知 inbox: recipients, dedupe, names, row-level security")
struct NoticeInboxTests {
    @Test("nobody holds the role in the village: the township's registrar is told, not the sibling township's")
    func walksUpTheTree() async throws {
        try await TestPlatform.with(clock: WallClock(asOf: NoticeFixture.day)) { test in
            try await NoticeFixture.users(test)
            let created = try await NoticeFixture.raise(test)
            #expect(created.count == 1)
            #expect(try await NoticeFixture.holders(test) == ["town-registrar:0"])
            try await test.user("village-registrar", role: "core.registrar", district: TestPlatform.villageA)
            try await NoticeFixture.raise(test, dedupe: "A-2")
            #expect(try await NoticeFixture.holders(test) == ["town-registrar:0", "village-registrar:0"])
        }
    }

    @Test("raising the same notice twice (a replayed sweep) creates one, with one outbound message")
    func dedupe() async throws {
        try await TestPlatform.with(clock: WallClock(asOf: NoticeFixture.day)) { test in
            try await NoticeFixture.users(test)
            #expect(try await NoticeFixture.raise(test).count == 1)
            #expect(try await NoticeFixture.raise(test).isEmpty)
            #expect(try await NoticeFixture.holders(test) == ["town-registrar:0"])
            let messages = try await test.owner.withConnection { connection in
                try await connection.query("SELECT count(*)::int FROM core.events WHERE topic = 'core.notice.raised'", logger: test.logger)
                    .decode(Int.self).first()
            }
            #expect(messages == 1)
        }
    }

    @Test("a notice names the child only where its rule allows, and refuses an ID number")
    func namesAndIDNumbers() async throws {
        try await TestPlatform.with(clock: WallClock(asOf: NoticeFixture.day)) { test in
            try await NoticeFixture.users(test)
            try await NoticeFixture.raise(test)
            try await NoticeFixture.raise(test, rule: NoticeFixture.namedRule)
            let texts = try await test.owner.withConnection { connection in
                try await connection.query("SELECT rule, text_zh FROM core.notices ORDER BY rule", logger: test.logger)
                    .decode((String, String).self).collect()
            }
            #expect(texts.map(\.1) == ["甲村童需要关注", "甲**需要关注"])
            for (field, subject, text) in [
                ("text", NoticeFixture.subject, Localized(zh: "身份证 320412201505050015", en: "x")),
                (
                    "subject.id", NoticeSubject(programme: "core", kind: "test", id: "320412201505050015", district: TestPlatform.villageA),
                    Localized(zh: "x", en: "x")
                )
            ] {
                await #expect(throws: Problem.invalid(field, "通知不得含身份证号", "a notice must not carry an ID number")) {
                    try await NoticeFixture.raise(test, dedupe: "B", subject: subject, text: text)
                }
            }
        }
    }

    @Test("a user lists, reads and acknowledges only their own notices; another's is 404")
    func ownNoticesOnly() async throws {
        try await TestPlatform.with(clock: WallClock(asOf: NoticeFixture.day)) { test in
            try await NoticeFixture.users(test)
            let id = try #require(try await NoticeFixture.raise(test).first).uuidString
            try await test.withClient { client in
                let mine = try await client.login("town-registrar")
                let other = try await client.login("other-registrar")
                let listed = try await client.call(.get, "/api/v1/notices", token: mine)
                #expect(listed.status == .ok)
                let notices = try #require(listed.body["notices"] as? [[String: Any]])
                #expect(notices.map { $0["id"] as? String } == [id])
                #expect(notices.first?["text"].flatMap { ($0 as? [String: Any])?["zh"] as? String } == "甲**需要关注")
                let others = try await client.call(.get, "/api/v1/notices", token: other)
                #expect((others.body["notices"] as? [Any])?.isEmpty == true, "\(others.text)")
                for action in ["read", "acknowledge"] {
                    #expect(try await client.call(.post, "/api/v1/notices/\(id)/\(action)", token: other).status == .notFound)
                }
                let read = try await client.call(.post, "/api/v1/notices/\(id)/read", token: mine)
                #expect(read.status == .ok && read.body["readAt"] is String && read.body["acknowledgedAt"] == nil, "\(read.text)")
                let unread = try await client.call(.get, "/api/v1/notices?unread=true", token: mine)
                #expect((unread.body["notices"] as? [Any])?.isEmpty == true)
                let acknowledged = try await client.call(.post, "/api/v1/notices/\(id)/acknowledge", token: mine)
                #expect(acknowledged.status == .ok && acknowledged.body["acknowledgedAt"] is String)
            }
            // Under row-level security itself, as the other user: no row at all.
            let other = try await test.owner.withConnection { connection in
                try await connection.query("SELECT id FROM core.users WHERE username = 'other-registrar'", logger: test.logger)
                    .decode(UUID.self).first()
            }
            let seen = try await test.platform.database.transaction(settings: Notices.readerSettings(user: try #require(other))) {
                connection in
                try await connection.query("SELECT count(*)::int FROM core.notices", logger: test.logger).decode(Int.self).first()
            }
            #expect(seen == 0)
        }
    }

    @Test("pages of the inbox follow the keyset cursor, newest first")
    func paging() async throws {
        try await TestPlatform.with(clock: WallClock(asOf: NoticeFixture.day)) { test in
            try await NoticeFixture.users(test)
            for n in 1...3 { try await NoticeFixture.raise(test, dedupe: "P-\(n)") }
            try await test.withClient { client in
                let token = try await client.login("town-registrar")
                let first = try await client.call(.get, "/api/v1/notices?limit=2", token: token)
                let next = try #require(first.body["next"] as? String, "\(first.text)")
                let second = try await client.call(.get, "/api/v1/notices?limit=2&after=\(next)", token: token)
                #expect((first.body["notices"] as? [Any])?.count == 2)
                #expect((second.body["notices"] as? [Any])?.count == 1)
                #expect(second.body["next"] == nil || second.body["next"] is NSNull)
            }
        }
    }
}
