import Boot
import Contract
import Crypto
import EmbeddedPostgres
import Foundation
import PostgresNIO
import TestSupport
import Testing

@Suite("网关角色口令 the gateway role's SCRAM-SHA-256 verifier")
struct ScramVerifierTests {
    /// RFC 7677 §3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
    @Test("the verifier of RFC 7677's example checks its client proof and yields its server signature")
    func rfc7677() throws {
        let salt = try #require(Data(base64Encoded: "W22ZaJ0SNY7soEsUEjb6gQ=="))
        let verifier = try ScramVerifier(password: "pencil", salt: Array(salt), iterations: 4096)
        let nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0"
        let authMessage = Array("n=user,r=rOprNGfwEbeRWgbNEkqO,r=\(nonce),s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=\(nonce)".utf8)

        let serverSignature = HMAC<SHA256>.authenticationCode(for: authMessage, using: SymmetricKey(data: verifier.serverKey))
        #expect(Data(serverSignature).base64EncodedString() == "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")

        let proof = Array(try #require(Data(base64Encoded: "dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")))
        let clientSignature = Array(HMAC<SHA256>.authenticationCode(for: authMessage, using: SymmetricKey(data: verifier.storedKey)))
        let clientKey = zip(proof, clientSignature).map { $0 ^ $1 }
        #expect(Array(SHA256.hash(data: clientKey)) == verifier.storedKey)
    }

    @Test("the stored text parses back; it matches its password only")
    func storedText() throws {
        let verifier = try ScramVerifier(password: "0123456789abcdef")
        #expect(verifier.text.hasPrefix("SCRAM-SHA-256$4096:"))
        #expect(!verifier.text.contains("0123456789abcdef"))
        #expect(verifier.text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+/=$:-".contains($0)) })
        let parsed = try #require(ScramVerifier(stored: verifier.text))
        #expect(parsed == verifier)
        #expect(parsed.matches(password: "0123456789abcdef"))
        #expect(!parsed.matches(password: "0123456789abcdeF"))
        #expect(ScramVerifier(stored: "md5d41d8cd98f00b204e9800998ecf8427e") == nil)
        #expect(ScramVerifier(stored: "SCRAM-SHA-256$x:AAAA$AAAA:AAAA") == nil)
    }

    @Test("provisioning twice leaves the role's verifier alone; a new password replaces it and signs in")
    func provisioning() async throws {
        // A cluster of its own: the role is cluster-wide, and other suites sign in with the test password meanwhile.
        let cluster = try await EmbeddedCluster.temporary(logger: TestCluster.logger)
        do {
            try await provisionAndRotate(on: cluster)
        } catch {
            await cluster.stop()
            throw error
        }
        await cluster.stop()
    }

    private func provisionAndRotate(on cluster: RunningCluster) async throws {
        let owner = DatabaseConfiguration(
            host: cluster.host, port: cluster.port, username: cluster.superuser, password: cluster.password,
            database: "postgres", poolSize: 2)
        try await Bootstrap.withTemporary(owner, logger: TestCluster.logger) { database in
            try await Migrator(database: database).migrate([CoreSchema.migrations])
            try await Bootstrap.provisionGatewayRole(password: TestCluster.gatewayPassword, owner: database)
            let before = try await storedVerifier(database)
            #expect(ScramVerifier(stored: before)?.matches(password: TestCluster.gatewayPassword) == true)
            try await Bootstrap.provisionGatewayRole(password: TestCluster.gatewayPassword, owner: database)
            #expect(try await storedVerifier(database) == before)

            let rotated = "fedcba9876543210fedcba9876543210"
            try await Bootstrap.provisionGatewayRole(password: rotated, owner: database)
            #expect(try await storedVerifier(database) != before)
            try await Bootstrap.withTemporary(owner.with(username: "tonghu_gateway", password: rotated), logger: TestCluster.logger) {
                gateway in
                let user = try await gateway.withConnection {
                    try await $0.query("SELECT current_user", logger: TestCluster.logger).decode(String.self).first()
                }
                #expect(user == "tonghu_gateway")
            }
        }
    }

    private func storedVerifier(_ database: Database) async throws -> String {
        try await database.withConnection { connection in
            try await connection.query("SELECT rolpassword FROM pg_authid WHERE rolname = 'tonghu_gateway'", logger: TestCluster.logger)
                .decode(String.self).first() ?? ""
        }
    }
}
