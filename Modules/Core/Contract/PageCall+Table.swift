extension PageCall {
    /// A table in a horizontally scrolling box (a phone's screen): a header row of `headings`, then `rows`.
    public func table(_ headings: [Localized], _ attributes: KeyValuePairs<String, String> = [:], @HTMLBuilder rows: () -> HTML) -> HTML {
        HTML.element("div", ["class": "scroll"]) {
            HTML.element("table", attributes) {
                HTML.element("thead") {
                    HTML.element("tr") {
                        for heading in headings { HTML.element("th", ["scope": "col"]) { text(heading) } }
                    }
                }
                HTML.element("tbody") { rows() }
            }
        }
    }

    /// The refused rows of an upload, each with its line, field and message, at most `limit` (the page stays small on a
    /// phone) with a note of how many more there were.
    public func refusals(_ problems: [Problem], limit: Int = 200) -> HTML {
        HTML {
            table([Localized(zh: "行", en: "Line"), .init(zh: "字段", en: "Field"), .init(zh: "原因", en: "Reason")], ["id": "refused-rows"]) {
                for problem in problems.prefix(limit) {
                    HTML.element("tr") {
                        HTML.element("td") { problem.row.map(String.init) ?? "—" }
                        HTML.element("td") { problem.field ?? "—" }
                        HTML.element("td") { text(problem.detail) }
                    }
                }
            }
            if problems.count > limit {
                HTML.element("p", ["class": "muted"]) {
                    text(.init(zh: "只列出前 \(limit) 行, 共 \(problems.count) 行出错", en: "the first \(limit) of \(problems.count) are listed"))
                }
            }
        }
    }
}
