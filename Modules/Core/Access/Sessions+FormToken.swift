import Crypto
import Foundation

extension Sessions {
    /// The CSRF token (跨站请求伪造防护) of the console's forms for the browser session `token`: derived from the
    /// session's secret, which the page's script cannot read (the cookie is HttpOnly) and another site cannot guess.
    public static func formToken(for token: String) -> String {
        let digest = SHA256.hash(data: Data(("tonghu-form:" + token).utf8))
        return Data(digest).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// A fresh random value (the pre-session CSRF cookie of the sign-in form).
    public static func randomFormToken() -> String { randomToken() }
}
