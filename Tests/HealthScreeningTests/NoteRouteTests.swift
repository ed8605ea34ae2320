import Contract
import Foundation
import TestSupport
import Testing

@testable import HealthScreening

/// The notes routes as a township's staff, a sibling township's staff and a county viewer call them.
@Suite struct NoteRouteTests {
    @Test func staffAddAndReadNotesOfTheirDistricts() async throws {
        try await HealthScreeningFixture.with { test, client, tokens in
            let id = try await HealthScreeningFixture.addNote(client, tokens)
            let listed = try await client.call(.get, "/api/v1/health-screening/notes", token: tokens.staff)
            #expect(listed.status == .ok)
            #expect(listed.text.contains(id))
            let read = try await client.call(.get, "/api/v1/health-screening/notes/\(id)", token: tokens.viewer)
            #expect(read.status == .ok)
            #expect(read.body["body"] as? String == "三月走访计划已排定")
            let published = try await test.owner.withConnection { connection in
                try await connection.query(
                    "SELECT count(*) FROM core.events WHERE topic = 'health-screening.note.added'", logger: test.logger
                )
                .decode(Int.self).collect()
            }
            #expect(published == [1])
        }
    }

    /// Scope test: staff of the sibling township see nothing of 湖塘镇's notes, and cannot write there.
    @Test func aSiblingTownshipSeesNothing() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let id = try await HealthScreeningFixture.addNote(client, tokens)
            let listed = try await client.call(.get, "/api/v1/health-screening/notes", token: tokens.sibling)
            #expect(listed.status == .ok)
            #expect(listed.text == "[]")
            #expect(try await client.call(.get, "/api/v1/health-screening/notes/\(id)", token: tokens.sibling).status == .notFound)
            let intruding = try await client.call(
                .post, "/api/v1/health-screening/notes", token: tokens.sibling,
                json: ["district": TestPlatform.villageA.description, "body": "x"])
            #expect(intruding.status == .notFound)
        }
    }

    /// What the routes answer is what `/openapi.json` documents (a generated client reads the bodies with it).
    @Test func answersMatchTheDocumentedSchemas() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let id = try await HealthScreeningFixture.addNote(client, tokens)
            let document = try JSONDecoder().decode(JSONValue.self, from: Data(try await client.call(.get, "/openapi.json").text.utf8))
            let validator = JSONSchemaValidator(document: document)
            for (uri, path) in [
                ("/api/v1/health-screening/notes", "/api/v1/health-screening/notes"),
                ("/api/v1/health-screening/notes/\(id)", "/api/v1/health-screening/notes/{id}")
            ] {
                let answer = try await client.call(.get, uri, token: tokens.staff)
                let schema = try #require(
                    document["paths"]?[path]?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"])
                let body = try JSONDecoder().decode(JSONValue.self, from: Data(answer.text.utf8))
                #expect(validator.violations(of: body, against: schema).isEmpty, "GET \(uri): \(answer.text)")
            }
        }
    }

    @Test func badInputNamesTheField() async throws {
        try await HealthScreeningFixture.with { _, client, tokens in
            let blank = try await client.call(
                .post, "/api/v1/health-screening/notes", token: tokens.staff,
                json: ["district": TestPlatform.villageA.description, "body": "  "])
            #expect(blank.status == .unprocessableContent)
            #expect(blank.body["field"] as? String == "body")
            let district = try await client.call(
                .post, "/api/v1/health-screening/notes", token: tokens.staff, json: ["district": "3204121002", "body": "x"])
            #expect(district.status == .unprocessableContent)
            #expect(district.body["field"] as? String == "district")
            let limit = try await client.call(.get, "/api/v1/health-screening/notes?limit=0", token: tokens.staff)
            #expect(limit.status == .unprocessableContent)
            #expect(limit.body["field"] as? String == "limit")
            #expect(try await client.call(.get, "/api/v1/health-screening/notes", token: nil).status == .unauthorized)
        }
    }
}
