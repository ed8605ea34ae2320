/// 网页片段 — a piece of HTML built in Swift: text is always escaped, attribute values are always quoted and escaped,
/// and no `<script>`, `<style>` or `on…` attribute can be written (the console's Content-Security-Policy forbids inline
/// script and style; behaviour lives in the one served JavaScript file). Pages are built with ``HTMLBuilder``:
///
/// ```swift
/// HTML.element("section", ["class": "panel"]) {
///     HTML.element("h2") { title }          // a String is escaped text
///     HTML.link(to: "/registry/roster") { Localized(zh: "花名册", en: "Roster") }
/// }
/// ```
public struct HTML: Sendable, Equatable {
    /// The markup, already escaped.
    package var markup: String

    package init(markup: String) { self.markup = markup }

    public static let empty = HTML(markup: "")

    /// `text`, escaped (`<`, `>`, `&`, `"`, `'`).
    public init(text: String) { markup = Self.escape(text) }

    /// Children one after another.
    public init(@HTMLBuilder _ content: () -> HTML) { self = content() }

    /// `<tag attributes…>content</tag>`; `tag` and the attribute names are the caller's constants, never input.
    public static func element(
        _ tag: String, _ attributes: KeyValuePairs<String, String> = [:], @HTMLBuilder _ content: () -> HTML = { .empty }
    )
        -> HTML
    {
        HTML(markup: open(tag, attributes) + content().markup + "</\(tag)>")
    }

    /// A void element (`input`, `br`, `meta`, `link`, `img`).
    public static func void(_ tag: String, _ attributes: KeyValuePairs<String, String> = [:]) -> HTML {
        HTML(markup: open(tag, attributes))
    }

    /// `<a href>`; `href` is a path of this site or a URL the caller built.
    public static func link(to href: String, _ attributes: KeyValuePairs<String, String> = [:], @HTMLBuilder _ content: () -> HTML) -> HTML
    {
        HTML(markup: open("a", attributes, extra: [("href", href)]) + content().markup + "</a>")
    }

    static func open(_ tag: String, _ attributes: KeyValuePairs<String, String>, extra: [(String, String)] = []) -> String {
        precondition(tag.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }, "tag \(tag)")
        precondition(!["script", "style", "iframe", "object", "embed"].contains(tag.lowercased()), "the console serves no inline \(tag)")
        var markup = "<" + tag
        for (name, value) in extra + attributes.map({ ($0.key, $0.value) }) {
            precondition(
                name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") } && !name.lowercased().hasPrefix("on")
                    && name.lowercased() != "style", "attribute \(name)")
            markup += " " + name + "=\"" + escape(value) + "\""
        }
        return markup + ">"
    }

    /// The five characters HTML gives meaning, as entities.
    public static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x3E || $0 == 0x26 || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// Builds ``HTML`` from statements: `HTML` values, `String`s (escaped text), `if`, `switch` and `for`.
@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression(_ html: HTML) -> HTML { html }
    public static func buildExpression(_ text: String) -> HTML { HTML(text: text) }
    public static func buildBlock(_ parts: HTML...) -> HTML { HTML(markup: parts.map(\.markup).joined()) }
    public static func buildOptional(_ part: HTML?) -> HTML { part ?? .empty }
    public static func buildEither(first: HTML) -> HTML { first }
    public static func buildEither(second: HTML) -> HTML { second }
    public static func buildArray(_ parts: [HTML]) -> HTML { HTML(markup: parts.map(\.markup).joined()) }
}
