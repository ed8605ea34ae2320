/// 走访方式: in the home (入户), by telephone or by video call.
enum VisitMode: String, Codable, Sendable, CaseIterable {
    case home, phone, video
}
