import Foundation

/// Creates a new cluster in `<dir>/pgdata` with a generated superuser password.
enum Initdb {
    /// Runs `initdb` for `superuser`; returns the password, already saved in `superuser.password`.
    ///
    /// - Throws: ``EmbeddedPostgresError/initdbFailed(termination:logTail:)`` quoting `postgres.log`.
    static func run(
        binaries: PostgresBinaries,
        account: ServerAccount,
        directory: ClusterDirectory,
        superuser: String,
        options: EmbeddedCluster.Options
    ) async throws -> String {
        let password = generatePassword()
        try directory.writeSecret(password, to: directory.passwordFile)
        try directory.createDataDirectory(for: account)
        // initdb runs as the service account, which cannot read the root-only password file.
        let pwfile = directory.initdbPasswordFile
        try directory.writeSecret(password, to: pwfile)
        defer { try? FileManager.default.removeItem(at: pwfile) }
        try account.hand(pwfile)

        var arguments = [
            "-D", directory.pgdata.path,
            "-U", superuser,
            "--pwfile=\(pwfile.path)",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8"
        ]
        if !options.durable { arguments.append("--no-sync") }
        let logStart = directory.logLength()
        let child = try await ChildProcess.launch(account.command(binaries.initdb, arguments), output: directory.log)
        let termination = await child.waitForExit()
        guard termination.isSuccess else {
            throw EmbeddedPostgresError.initdbFailed(termination: termination.description, logTail: directory.logTail(after: logStart))
        }
        return password
    }

    /// 32 random letters and digits.
    static func generatePassword() -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<32).map { _ in alphabet[Int.random(in: alphabet.indices, using: &generator)] })
    }
}
