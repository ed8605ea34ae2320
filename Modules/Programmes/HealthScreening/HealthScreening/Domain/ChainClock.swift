import Contract
import Foundation
import Schedules

/// 筛查时限 — every link's deadline of a screening chain as a schedule of the core's engine, counted from the birth
/// datetime in China: one declaration per way of screening (blood spot, hearing, heart), each a policy setting a
/// province may replace from a date. A chain is the engine's subject `health-screening.chain:<id>`, filed under the
/// newborn's residence district; the chain's steps decide which items are done (`closures`) and the facts skip
/// conditions read (`facts`): a negative result skips the recall and what follows, an excluded diagnosis the treatment.
enum ChainClock {
    static let consentRefused = "监护人拒绝筛查 (consent refused)"
    /// 72 hours: a blood spot taken earlier is refused.
    static let earliestSample: TimeInterval = 72 * 3_600

    /// 遗传代谢病 (CH, PKU and the blood-spot conditions a province adds): 足跟血 ≥ 72 h after birth and within 7 days,
    /// at the latest 20 days for delayed cases; diagnosis and treatment within 2 weeks.
    static let bloodSpot = try! ScheduleDeclaration(
        id: "health-screening.blood-spot", version: 1, title: .init(zh: "新生儿遗传代谢病筛查时限", en: "Blood-spot screening deadlines"),
        anchor: birth, readPermission: HealthScreeningPermissions.newbornRead.name,
        items: [
            ScheduleItem(key: "consent", title: Link.consent.title, offset: .hours(0), window: .init(dueBy: .days(7), expires: .days(20))),
            ScheduleItem(
                key: "sample", title: .init(zh: "采血", en: "Blood-spot sample"), offset: .hours(0),
                window: .init(dueFrom: .hours(72), dueBy: .days(7), expires: .days(20))),
            ScheduleItem(
                key: "result", title: Link.result.title, offset: .hours(0), window: .init(dueBy: .days(10), expires: .days(28)),
                prerequisites: ["sample"]),
            ScheduleItem(
                key: "recall", title: Link.recall.title, offset: .hours(0), window: .init(dueBy: .days(12), expires: .months(6)),
                prerequisites: ["result"], skipWhen: [negative]),
            ScheduleItem(
                key: "confirmation", title: Link.confirmation.title, offset: .hours(0),
                window: .init(dueBy: .days(14), expires: .months(6)),
                prerequisites: ["recall"], skipWhen: [negative]),
            ScheduleItem(
                key: "treatment", title: Link.treatment.title, offset: .hours(0), window: .init(dueBy: .days(14), expires: .months(6)),
                prerequisites: ["confirmation"], skipWhen: [negative, excluded])
        ])

    /// 听力 (and any other condition screened at the bedside): 初筛 before discharge, 复筛 by 42 days after a refer,
    /// diagnosis by 3 months, intervention by 6 months (the 1-3-6 of the 2010 specification).
    static let hearing = try! ScheduleDeclaration(
        id: "health-screening.hearing", version: 1, title: .init(zh: "新生儿听力筛查时限", en: "Hearing screening deadlines"), anchor: birth,
        readPermission: HealthScreeningPermissions.newbornRead.name,
        items: [
            ScheduleItem(key: "consent", title: Link.consent.title, offset: .hours(0), window: .init(dueBy: .days(7), expires: .days(42))),
            ScheduleItem(
                key: "screen", title: .init(zh: "初筛", en: "First screen"), offset: .hours(0),
                window: .init(dueBy: .days(7), expires: .days(42))
            ),
            ScheduleItem(
                key: "rescreen", title: .init(zh: "复筛", en: "Rescreen"), offset: .hours(0),
                window: .init(dueBy: .days(42), expires: .months(3)),
                prerequisites: ["screen"], skipWhen: [FactCondition(fact: first, in: ["negative"])]),
            ScheduleItem(
                key: "recall", title: Link.recall.title, offset: .hours(0), window: .init(dueBy: .days(56), expires: .months(6)),
                prerequisites: ["rescreen"], skipWhen: [negative]),
            ScheduleItem(
                key: "diagnosis", title: .init(zh: "诊断", en: "Diagnosis"), offset: .hours(0),
                window: .init(dueBy: .months(3), expires: .months(6)),
                prerequisites: ["recall"], skipWhen: [negative]),
            ScheduleItem(
                key: "intervention", title: .init(zh: "干预", en: "Intervention"), offset: .hours(0),
                window: .init(dueBy: .months(6), expires: .months(12)), prerequisites: ["diagnosis"], skipWhen: [negative, excluded])
        ])

    /// 先天性心脏病: auscultation and pulse oximetry 6–72 h after birth ([2018]68号, as local programmes run it), a positive
    /// recalled for echocardiography at a designated centre.
    static let heart = try! ScheduleDeclaration(
        id: "health-screening.heart", version: 1, title: .init(zh: "新生儿先天性心脏病筛查时限", en: "Heart screening deadlines"), anchor: birth,
        readPermission: HealthScreeningPermissions.newbornRead.name,
        items: [
            ScheduleItem(key: "consent", title: Link.consent.title, offset: .hours(0), window: .init(dueBy: .hours(72), expires: .days(7))),
            ScheduleItem(
                key: "screen", title: .init(zh: "筛查 (听诊+经皮血氧)", en: "Screen"), offset: .hours(0),
                window: .init(dueFrom: .hours(6), dueBy: .hours(72), expires: .days(7))),
            ScheduleItem(
                key: "recall", title: Link.recall.title, offset: .hours(0), window: .init(dueBy: .days(7), expires: .months(3)),
                prerequisites: ["screen"], skipWhen: [negative]),
            ScheduleItem(
                key: "confirmation", title: .init(zh: "超声心动图确诊", en: "Echocardiography"), offset: .hours(0),
                window: .init(dueBy: .days(28), expires: .months(3)), prerequisites: ["recall"], skipWhen: [negative])
        ])

    static let birth = ScheduleAnchor(name: "birth", kind: .datetime)
    /// Facts: the first and the last result, and the designated centre's verdict.
    static let first = "first-result"
    static let last = "result"
    static let verdict = "diagnosis"
    static let negative = FactCondition(fact: last, in: ["negative"])
    static let excluded = FactCondition(fact: verdict, in: ["excluded"])

    static let source =
        "《新生儿疾病筛查技术规范(2010年版)》: 采血 ≥72 h 且 7 日内 (特殊情况 ≤20 日), 听力初筛出院前、复筛 42 日内、3 月龄诊断、6 月龄干预; "
        + "《出生缺陷防治能力提升计划(2023—2027年)》: 遗传代谢病 2 周内确诊、2 周内治疗 (起算点国家层面未核实, 此处按出生计). "
        + "结果、召回和心脏病确诊的期限国家层面未规定 (unverified nationally), 为默认值; 出院时间未登记, 听力初筛以 7 日代表出院前"
    static let keys = [bloodSpot, hearing, heart].map { $0.policyKey(source: source) }

    /// The declaration a condition follows: hearing and heart by code, the rest by how they are screened.
    static func key(condition: String, method: Condition.Method) -> PolicyKey<ScheduleDeclaration> {
        switch (condition, method) {
        case ("chd", _): keys[2]
        case (_, .bloodSpot): keys[0]
        case (_, .screen): keys[1]
        }
    }

    static func subjectID(_ chain: UUID) -> String { "health-screening.chain:\(chain.uuidString.lowercased())" }

    /// The chain's subject: anchored on the birth, joined on arrival for a newborn registered here after being born elsewhere.
    static func subject(
        chain: UUID, district: DistrictCode, child: UUID?, bornAt: Date, arrivedAt: Date?, steps: [ChainHistory]
    ) -> ScheduleSubject {
        ScheduleSubject(
            id: subjectID(chain), district: district, child: child, anchor: .instant(bornAt), facts: facts(steps), joined: arrivedAt)
    }

    /// What the skip conditions read: the first and last result and the centre's verdict.
    static func facts(_ steps: [ChainHistory]) -> [String: String] {
        var facts: [String: String] = [:]
        let results = steps.filter { $0.link == .result }
        facts[first] = results.first?.state
        facts[last] = results.last?.state
        facts[verdict] = steps.last { $0.link == .confirmation && ["confirmed", "excluded"].contains($0.state) }?.state
        return facts
    }

    /// One item closed by a step: done at its time, or skipped with the reason.
    struct Closure: Equatable, Sendable {
        let item: String
        let at: Date
        let skipReason: String?
    }

    /// The items the chain's steps close, in step order. The first of each kind closes the item (a second sample after
    /// an unsatisfactory one is part of the recall); the hearing recall is the first notice after the rescreen. A
    /// refused consent skips every item with the guardian's reason.
    static func closures(_ steps: [ChainHistory], in declaration: ScheduleDeclaration) -> [Closure] {
        let keys = Set(declaration.items.map(\.key))
        var closures: [Closure] = []
        func close(_ item: String, _ step: ChainHistory) {
            guard keys.contains(item), !closures.contains(where: { $0.item == item }) else { return }
            closures.append(Closure(item: item, at: step.occurredAt, skipReason: nil))
        }
        var screens = 0
        for step in steps {
            switch (step.link, step.state) {
            case (.consent, "signed"): close("consent", step)
            case (.consent, "refused"):
                let reason = step.reason.map { "\(consentRefused): \($0)" } ?? consentRefused
                return closures + declaration.items.map { Closure(item: $0.key, at: step.occurredAt, skipReason: reason) }
            case (.screen, _):
                screens += 1
                close(screens == 1 ? (declaration.id == bloodSpot.id ? "sample" : "screen") : "rescreen", step)
            case (.result, _) where declaration.id == bloodSpot.id: close("result", step)
            case (.recall, "notified") where declaration.id != hearing.id || screens >= 2: close("recall", step)
            case (.confirmation, "confirmed"), (.confirmation, "excluded"):
                close(declaration.id == hearing.id ? "diagnosis" : "confirmation", step)
            case (.treatment, _): close(declaration.id == hearing.id ? "intervention" : "treatment", step)
            default: break
            }
        }
        return closures
    }

    /// The reason the chain leaves the engine (lost to follow-up, died, moved away): its open items are cancelled.
    static func exit(_ steps: [ChainHistory]) -> ChainHistory? {
        steps.last { $0.link == .outcome && ["lost", "died", "moved-away"].contains($0.state) }
    }

    /// The items `declaration` plans for `subject` once `closures` are applied, as the engine stores them (the
    /// engine's planner, in memory): each closure closes the item's open occurrence and the plan is made again; an
    /// exit then cancels what is still planned.
    static func plan(_ declaration: ScheduleDeclaration, _ subject: ScheduleSubject, closures: [Closure], exited: Bool = false)
        -> [RecordedPlan]
    {
        var recorded: [String: RecordedPlan] = [:]
        func replan() {
            for item in SchedulePlanner.plan(declaration, for: subject, recorded: recorded.values.map(\.recorded)) {
                if let existing = recorded[item.item], existing.state != .planned, existing.state != .beforeJoining { continue }
                recorded[item.item] = RecordedPlan(
                    item: item.item, dueFrom: item.dueFrom, dueBy: item.dueBy, expires: item.expires, state: item.state, closedAt: nil,
                    skipReason: item.skipReason)
            }
        }
        replan()
        for closure in closures {
            guard let open = recorded[closure.item], open.state == .planned || open.state == .beforeJoining else { continue }
            recorded[closure.item] = RecordedPlan(
                item: open.item, dueFrom: open.dueFrom, dueBy: open.dueBy, expires: open.expires,
                state: closure.skipReason == nil ? .done : .skipped, closedAt: closure.at, skipReason: closure.skipReason)
            replan()
        }
        return declaration.items.compactMap { key in
            guard let item = recorded[key.key] else { return nil }
            guard exited, item.state == .planned else { return item }
            return RecordedPlan(
                item: item.item, dueFrom: item.dueFrom, dueBy: item.dueBy, expires: item.expires, state: .cancelled, closedAt: nil,
                skipReason: nil)
        }
    }

    /// An item as `plan` leaves it.
    struct RecordedPlan: Equatable, Sendable {
        let item: String
        let dueFrom: Date
        let dueBy: Date
        let expires: Date
        let state: ScheduleItemState
        let closedAt: Date?
        let skipReason: String?

        var recorded: RecordedItem { RecordedItem(item: item, occurrence: 1, state: state, closedAt: closedAt) }
    }
}

/// A chain's step as its deadlines read it.
struct ChainHistory: Sendable, Equatable {
    let link: Link
    let state: String
    let occurredAt: Date
    var reason: String? = nil
}
