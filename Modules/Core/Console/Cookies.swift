import Hummingbird

/// The console's cookies: the session (the API's own session token), the sign-in form's CSRF value, the pending
/// sign-in and the language.
enum Cookies {
    static let session = "tonghu_session"
    static let signInToken = "tonghu_csrf"
    /// The pending sign-in awaiting its second-factor code (`Sessions.beginSignIn`).
    static let pendingSignIn = "tonghu_pending"
    static let language = "lang"

    /// The value of cookie `name` in the request's `Cookie` headers.
    static func value(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// A `Set-Cookie` value: HttpOnly, SameSite=Strict, path `/`, `Secure` over TLS; `clear` expires it at once.
    static func setting(_ name: String, _ value: String, secure: Bool, clear: Bool = false, httpOnly: Bool = true) -> String {
        var cookie = "\(name)=\(value); Path=/; SameSite=Strict"
        if httpOnly { cookie += "; HttpOnly" }
        if secure { cookie += "; Secure" }
        if clear { cookie += "; Max-Age=0" }
        return cookie
    }
}
