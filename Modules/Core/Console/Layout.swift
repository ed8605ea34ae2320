import Contract

/// The page shell every console page is shown in: header with the caller and sign-out, the navigation the caller may
/// use, the page's title and content, the language switch. Chinese by default (`lang="zh-CN"`).
struct Layout {
    let language: Language
    let principal: Principal?
    let navigation: [NavigationGroup]
    let formToken: String
    /// The path being shown, marked in the navigation.
    let path: String

    func text(_ text: Localized) -> String { language == .en ? text.en : text.zh }

    /// The whole document.
    func document(title: Localized, banner: String? = nil, _ content: HTML) -> HTML {
        HTML(markup: "<!DOCTYPE html>").appending(
            HTML.element("html", ["lang": language == .en ? "en" : "zh-CN"]) {
                HTML.element("head") {
                    HTML.void("meta", ["charset": "utf-8"])
                    HTML.void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
                    HTML.element("title") { text(title) + " · " + text(Self.product) }
                    HTML.void("link", ["rel": "stylesheet", "href": Assets.stylesheetPath])
                    HTML.element("script", defer: Assets.scriptPath)
                }
                HTML.element("body") {
                    header
                    if let principal, !principal.enrolmentOnly { menu }
                    HTML.element("main", ["id": "main"]) {
                        HTML.element("h1") { text(title) }
                        if let banner { HTML.element("p", ["class": "banner", "role": "alert"]) { banner } }
                        content
                    }
                    HTML.element("footer") { text(Self.product) }
                }
            })
    }

    static let product = Localized(zh: "童护工作台", en: "Tonghu console")

    var header: HTML {
        HTML.element("header") {
            HTML.link(to: principal == nil ? "/" : "/home", ["class": "brand"]) { text(Self.product) }
            if language == .en {
                HTML.link(to: "/language/zh", ["lang": "zh-CN", "hreflang": "zh-CN"]) { "中文" }
            } else {
                HTML.link(to: "/language/en", ["lang": "en", "hreflang": "en"]) { "English" }
            }
            if let principal {
                HTML.element("span", ["class": "who"]) { principal.displayName }
                HTML.element("form", ["method": "post", "action": "/sign-out"]) {
                    HTML.void("input", ["type": "hidden", "name": "_csrf", "value": formToken])
                    HTML.element("button", ["type": "submit"]) { text(.init(zh: "退出", en: "Sign out")) }
                }
            }
        }
    }

    var menu: HTML {
        HTML.element("nav", ["aria-label": text(.init(zh: "导航", en: "Navigation"))]) {
            for group in navigation {
                HTML.element("ul") {
                    HTML.element("li", ["class": "group"]) { text(group.title) }
                    for entry in group.entries {
                        HTML.element("li") {
                            if entry.href == path {
                                HTML.link(to: entry.href, ["aria-current": "page"]) { text(entry.label) }
                            } else {
                                HTML.link(to: entry.href) { text(entry.label) }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension HTML {
    func appending(_ other: HTML) -> HTML { HTML(markup: markup + other.markup) }

    /// `<script src defer>` of the console's own file: the one script element there is, never inline.
    static func element(_ tag: String, defer source: String) -> HTML {
        precondition(tag == "script" && source.hasPrefix("/static/"))
        return HTML(markup: "<script src=\"\(HTML.escape(source))\" defer></script>")
    }
}

/// One programme's (or the core's) entries in the navigation.
struct NavigationGroup {
    let title: Localized
    let entries: [NavigationEntry]
}

struct NavigationEntry {
    let label: Localized
    let href: String
    let access: Endpoint.Access
    let order: Int
}
