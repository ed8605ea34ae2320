extension PageCall {
    /// A labelled `<select>` for the input `name` of `options` (a code and the words shown for it), the submitted code
    /// (else `selected`) chosen, the refusal beside it as ``field(_:label:type:value:required:)`` shows one.
    public func choice(_ name: String, label: Localized, _ options: [(code: String, label: Localized)], selected: String? = nil) -> HTML {
        let message = problem.flatMap { $0.field == name ? text($0.detail) : nil }
        let id = "field-" + name
        let chosen = submitted[name] ?? selected
        return HTML.element("p", ["class": message == nil ? "field" : "field invalid"]) {
            HTML.element("label", ["for": id]) { text(label) }
            HTML.element("select", ["id": id, "name": name]) {
                for (code, words) in options {
                    if code == chosen {
                        HTML.element("option", ["value": code, "selected": "selected"]) { text(words) }
                    } else {
                        HTML.element("option", ["value": code]) { text(words) }
                    }
                }
            }
            if let message { HTML.element("span", ["class": "error", "id": id + "-error", "role": "alert"]) { message } }
        }
    }
}
