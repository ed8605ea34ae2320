import Foundation
import Hummingbird

/// 工作台页面 — one page of the web console a programme contributes, the way it contributes an ``Endpoint``: served at
/// `/<programme-id><path>` (the core's at `<path>`), behind the same access check, scope and audit as the API, in the
/// console's layout with the page's title. `GET` pages render; `POST` pages take a form (its CSRF token checked by the
/// console before the handler runs) and usually answer ``PageResult/redirect(_:)``. A `POST` whose input is refused
/// (a `Problem` naming a field) re-renders the `GET` page of the same path with the submitted values and the message
/// beside the field (``PageCall/problem``).
public struct Page: Sendable {
    public let method: HTTPRequest.Method
    /// Relative to the programme's prefix, OpenAPI style (`/children/{id}`).
    public let path: String
    public let title: Localized
    public let access: Endpoint.Access
    /// Where the page appears in the navigation (none for pages reached by links).
    public let navigation: Navigation?
    /// The path and query inputs (`GET`) or form fields (`POST`, read with `call.input` as query inputs are).
    public let inputs: [any DeclaredInput]
    public let handler: @Sendable (Request, PageCall) async throws -> PageResult

    public init(
        _ method: HTTPRequest.Method = .get, _ path: String, title: Localized, access: Endpoint.Access, navigation: Navigation? = nil,
        inputs: [any DeclaredInput] = [], handler: @escaping @Sendable (Request, PageCall) async throws -> PageResult
    ) {
        self.method = method
        self.path = path
        self.title = title
        self.access = access
        self.navigation = navigation
        self.inputs = inputs
        self.handler = handler
    }

    /// A navigation entry: its label and its place among the programme's entries (smaller first).
    public struct Navigation: Sendable {
        public let label: Localized
        public let order: Int
        public init(_ label: Localized, order: Int = 100) {
            self.label = label
            self.order = order
        }
    }
}

/// What a page handler answers.
public enum PageResult: Sendable {
    /// The page's content, shown in the layout under the page's title.
    case content(HTML)
    /// 303 See Other to a path of this site (after a form was taken).
    case redirect(String)
    /// A file to download (CSV export): media type, file name, bytes.
    case file(mediaType: String, name: String, bytes: [UInt8])
    /// An API endpoint's own response, as it is (a streamed export the page reaches through the cookie session).
    case response(Response)
}

/// 首页面板 — a panel a programme adds to the home page, shown to a caller holding `permission` somewhere; `render`
/// gets the call with the caller's scope for that permission.
public struct HomePanel: Sendable {
    public let title: Localized
    public let permission: Permission
    public let render: @Sendable (PageCall) async throws -> HTML

    public init(title: Localized, permission: Permission, render: @escaping @Sendable (PageCall) async throws -> HTML) {
        self.title = title
        self.permission = permission
        self.render = render
    }
}

/// One page request as a handler sees it: the ``Call`` (caller, scope, typed inputs, audit), the language, the form's
/// CSRF token, and — when a submitted form was refused — the values sent and the problem to show.
public struct PageCall: Sendable {
    public var call: Call
    /// The value of the hidden `_csrf` field every `POST` form carries (``form(post:_:)`` adds it).
    public let formToken: String
    /// The values of a refused form, to fill the fields again.
    public let submitted: [String: String]
    /// Why the submitted form was refused; shown beside its `field`.
    public let problem: Problem?

    package init(call: Call, formToken: String, submitted: [String: String] = [:], problem: Problem? = nil) {
        self.call = call
        self.formToken = formToken
        self.submitted = submitted
        self.problem = problem
    }

    public var language: Language { call.language }

    /// `text` in the page's language.
    public func text(_ text: Localized) -> String { language == .en ? text.en : text.zh }

    /// `<form method="post">` to `action` with its CSRF token.
    public func form(post action: String, @HTMLBuilder _ content: () -> HTML) -> HTML {
        HTML.element("form", ["method": "post", "action": action]) {
            HTML.void("input", ["type": "hidden", "name": "_csrf", "value": formToken])
            content()
        }
    }

    /// `<form method="post" enctype="multipart/form-data">` to `action` (a path without query) with its CSRF token in
    /// the action's query, since the console streams an upload's body to the page unread; other inputs go there too.
    public func uploadForm(post action: String, _ query: [(String, String)] = [], @HTMLBuilder _ content: () -> HTML) -> HTML {
        HTML.element("form", ["method": "post", "enctype": "multipart/form-data", "action": uploadAction(action, query)]) { content() }
    }

    /// `action?_csrf=…&name=value…`: where an upload form (or one of its buttons' `formaction`) posts.
    public func uploadAction(_ action: String, _ query: [(String, String)] = []) -> String {
        let pairs = [("_csrf", formToken)] + query
        return action + "?"
            + pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    /// A labelled text field for the input `name`, filled with what was submitted, the refusal beside it.
    public func field(_ name: String, label: Localized, type: String = "text", value: String = "", required: Bool = false) -> HTML {
        let message = problem.flatMap { $0.field == name ? text($0.detail) : nil }
        let id = "field-" + name
        let shown = type == "password" ? "" : submitted[name] ?? value
        return HTML.element("p", ["class": message == nil ? "field" : "field invalid"]) {
            HTML.element("label", ["for": id]) { text(label) }
            if required {
                HTML.void("input", ["id": id, "name": name, "type": type, "value": shown, "required": "required"])
            } else {
                HTML.void("input", ["id": id, "name": name, "type": type, "value": shown])
            }
            if let message { HTML.element("span", ["class": "error", "id": id + "-error", "role": "alert"]) { message } }
        }
    }
}
