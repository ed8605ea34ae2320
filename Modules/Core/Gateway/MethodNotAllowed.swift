import Contract
import Hummingbird

/// 405 with `Allow` for a method a served path does not take (`TRACE /api/v1/me`, `DELETE /readyz`), instead of the
/// router's 404: the path exists, the method does not.
enum MethodNotAllowed {
    /// The methods a client may send that no endpoint may declare for itself; HEAD is left to the router.
    static let answered: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .options, .trace]

    /// Registers the 405 answer for every path in `methods` and every method in `answered` the path lacks.
    static func add(to router: Router<GatewayContext>, methods: [String: Set<HTTPRequest.Method>]) {
        for (path, allowed) in methods {
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            for method in answered where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, context in
                    var response = Problem(
                        kind: "method-not-allowed", status: 405, title: .init(zh: "不支持的请求方法", en: "Method not allowed"),
                        detail: .init(zh: "此接口只支持 \(allow)", en: "this route takes \(allow) only")
                    )
                    .response(language: context.language, instance: context.requestID)
                    response.headers[.allow] = allow
                    return response
                }
            }
        }
    }
}
