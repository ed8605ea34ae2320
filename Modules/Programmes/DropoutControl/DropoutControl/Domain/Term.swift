import Contract

/// 学期 — a term of a school year: `2026-autumn` (秋季学期, the school year 2026–27 begins) or `2027-spring`
/// (春季学期 of that same school year). Enrolment snapshots, comparisons and cases belong to one term.
package struct Term: Hashable, Comparable, Sendable, CustomStringConvertible {
    package enum Half: String, Sendable { case spring, autumn }

    package let year: Int
    package let half: Half

    package init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), (2000...2100).contains(year),
            let half = Half(rawValue: String(parts[1]))
        else { return nil }
        self.year = year
        self.half = half
    }

    /// The term named by a request field; a missing or malformed one is a 422 naming `field`.
    static func parse(_ text: String?, field: String = "term") throws(Problem) -> Term {
        guard let text, let term = Term(text) else {
            throw Problem.invalid(
                field, "\(field) 应为学期, 如 2026-autumn (秋季) 或 2027-spring (春季)", "\(field) must be a term such as 2026-autumn or 2027-spring")
        }
        return term
    }

    /// The calendar year the school year of this term began in (autumn: this year; spring: the year before).
    var schoolYearStart: Int { half == .autumn ? year : year - 1 }

    /// Orders terms in time: 2026-spring < 2026-autumn < 2027-spring.
    var ordinal: Int { year * 2 + (half == .autumn ? 1 : 0) }

    package var description: String { "\(year)-\(half.rawValue)" }

    package static func < (a: Term, b: Term) -> Bool { a.ordinal < b.ordinal }
}
