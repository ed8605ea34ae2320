import Contract
import Testing

@testable import HealthScreening

/// The chain's order as a table: each row a history, the step asked for, and whether it may follow.
@Suite struct ChainRulesTests {
    static let rows: [([(Link, String)], Link, String, Bool)] = [
        ([], .consent, "signed", true),
        ([], .consent, "refused", true),
        ([], .screen, "done", false),
        ([], .outcome, "moved-away", true),
        ([], .outcome, "normal", false),
        ([(.consent, "signed")], .consent, "refused", false),
        ([(.consent, "signed")], .screen, "done", true),
        ([(.consent, "refused"), (.outcome, "refused")], .screen, "done", false),
        ([(.consent, "refused"), (.outcome, "refused")], .outcome, "lost", false),
        ([(.consent, "signed")], .result, "negative", false),
        ([(.consent, "signed"), (.screen, "done")], .result, "negative", true),
        ([(.consent, "signed"), (.screen, "done")], .screen, "done", false),
        ([(.consent, "signed"), (.screen, "done"), (.result, "negative")], .screen, "done", false),
        ([(.consent, "signed"), (.screen, "done"), (.result, "unsatisfactory")], .screen, "done", true),
        ([(.consent, "signed"), (.screen, "done"), (.result, "negative")], .recall, "notified", false),
        ([(.consent, "signed"), (.screen, "done"), (.result, "negative")], .outcome, "normal", true),
        ([(.consent, "signed"), (.screen, "done"), (.result, "positive")], .recall, "notified", true),
        ([(.consent, "signed"), (.screen, "done"), (.result, "positive")], .recall, "acknowledged", false),
        ([(.consent, "signed"), (.screen, "done"), (.result, "positive")], .confirmation, "referred", false),
        ([(.consent, "signed"), (.screen, "done"), (.result, "positive"), (.recall, "notified")], .confirmation, "referred", true),
        ([(.consent, "signed"), (.screen, "done"), (.result, "positive"), (.recall, "notified")], .confirmation, "accepted", false),
        (
            [(.consent, "signed"), (.screen, "done"), (.result, "positive"), (.recall, "notified"), (.confirmation, "referred")],
            .confirmation, "referred", false
        ),
        (
            [(.consent, "signed"), (.screen, "done"), (.result, "positive"), (.recall, "notified"), (.confirmation, "referred")],
            .confirmation, "confirmed", false
        ),
        (
            [(.consent, "signed"), (.screen, "done"), (.result, "positive"), (.recall, "notified"), (.confirmation, "referred")],
            .treatment, "started", false
        ),
        (
            [
                (.consent, "signed"), (.screen, "done"), (.result, "positive"), (.recall, "notified"), (.confirmation, "referred"),
                (.confirmation, "accepted"), (.confirmation, "confirmed")
            ], .treatment, "started", true
        ),
        (
            [
                (.consent, "signed"), (.screen, "done"), (.result, "positive"), (.recall, "notified"), (.confirmation, "referred"),
                (.confirmation, "accepted"), (.confirmation, "confirmed")
            ], .outcome, "in-treatment", false
        ),
        (
            [
                (.consent, "signed"), (.screen, "done"), (.result, "positive"), (.recall, "notified"), (.confirmation, "referred"),
                (.confirmation, "rejected")
            ], .confirmation, "referred", true
        ),
        ([(.consent, "signed"), (.screen, "done"), (.result, "positive")], .outcome, "lost", true),
        ([(.consent, "signed")], .screen, "positive", false)
    ]

    @Test(arguments: rows.indices) func theChainsOrder(_ index: Int) {
        let (history, link, state, allowed) = Self.rows[index]
        let outcome = Result { () throws(Problem) in try ChainRules.check(link, state, after: history.map { ($0.0, $0.1) }) }
        switch outcome {
        case .success: #expect(allowed, "\(history) then \(link) \(state) was allowed")
        case .failure(let problem): #expect(!allowed, "\(history) then \(link) \(state): \(problem.detail.zh)")
        }
    }
}
