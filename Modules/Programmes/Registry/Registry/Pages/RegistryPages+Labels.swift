import Contract
import RegistryInterface

/// The words a page shows for the registry's codes — a category, a risk colour, a visit mode, a transfer's state — in
/// the page's language, never the code itself (a district's own category shows its code, its name being policy).
extension RegistryPages {
    static func colourName(_ colour: String, _ page: PageCall) -> String {
        guard let known = RiskColour(rawValue: colour) else { return colour }
        return page.language == .en ? known.rawValue : known.chineseName
    }

    static func categoryName(_ code: String, _ page: PageCall) -> String { page.text(ChildCategory(rawValue: code).title) }

    static func categoryNames(_ codes: [String], _ page: PageCall) -> String {
        codes.map { categoryName($0, page) }.joined(separator: page.language == .en ? ", " : "、")
    }

    static func modeName(_ mode: String, _ page: PageCall) -> String {
        switch VisitMode(rawValue: mode) {
        case .home: page.text(.init(zh: "入户", en: "Home"))
        case .phone: page.text(.init(zh: "电话", en: "Phone"))
        case .video: page.text(.init(zh: "视频", en: "Video"))
        case nil: mode
        }
    }

    static func statusName(_ status: Transfer.Status, _ page: PageCall) -> String {
        page.language == .en ? status.rawValue : "已" + status.chinese
    }

    /// The district's name, or its code when the tree does not know it.
    static func districtName(_ code: DistrictCode, _ call: Call) async throws -> String {
        try await call.context.districts.find(code)?.name ?? code.description
    }

    /// The districts a page lists for when none is asked: the caller's own where their roles grant `permission`.
    static func chosenDistrict(_ asked: DistrictCode?, _ call: Call, _ permission: Permission) throws -> DistrictCode {
        try asked ?? call.ownDistrict(granting: permission)
    }
}

extension RegistryPages {
    /// A labelled `<select>` named `name`: "all" (empty) first, then each (code, label); the chosen code selected.
    static func select(_ page: PageCall, _ name: String, label: Localized, options: [(String, String)], chosen: String?, all: Bool = true)
        -> HTML
    {
        HTML.element("p", ["class": "field"]) {
            HTML.element("label", ["for": "field-" + name]) { page.text(label) }
            HTML.element("select", ["id": "field-" + name, "name": name]) {
                if all { HTML.element("option", ["value": ""]) { page.text(.init(zh: "全部", en: "All")) } }
                for (code, shown) in options {
                    if code == chosen {
                        HTML.element("option", ["value": code, "selected": "selected"]) { shown }
                    } else {
                        HTML.element("option", ["value": code]) { shown }
                    }
                }
            }
        }
    }
}

extension RegistryPages {
    /// A table that scrolls sideways on a phone: one column heading per label, then `rows`.
    static func table(_ page: PageCall, _ headings: [Localized], @HTMLBuilder rows: () -> HTML) -> HTML {
        HTML.element("div", ["class": "scroll"]) {
            HTML.element("table") {
                HTML.element("thead") {
                    HTML.element("tr") {
                        for heading in headings { HTML.element("th", ["scope": "col"]) { page.text(heading) } }
                    }
                }
                HTML.element("tbody") { rows() }
            }
        }
    }
}
