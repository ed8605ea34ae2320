import Foundation

/// The console's pages (工作台) against the JSON routes that return the same data, through the same gateway in the same
/// run, one request at a time: the village director's home page (the week's work list: due within 7 days, at most 50)
/// against `GET /worklists/due-soon?days=7&limit=50` of that village, and the roster page of the county (the first 50)
/// against `GET /children?district=…` as the county manager. A page is fetched as Chromium does (session cookie,
/// `Accept: text/html`, gzip), so its server time includes rendering, the layout and compression. Goal: p95 ≤ 1.5×.
struct PageBenchmark {
    let seconds: Int
    let directory: URL
    /// The director's village: the first of the county's 600 (about 1/600 of the files).
    static let village = BenchCounty.villages[0]

    func run(base: String, manager: String, director: String) throws {
        let county = BenchCounty.county
        let pairs = [
            (
                "director's home page", "/home", director,
                "/api/v1/registry/worklists/due-soon?district=\(Self.village)&days=7&limit=50"
            ),
            ("county roster page  ", "/registry/roster?district=\(county)", manager, "/api/v1/registry/children?district=\(county)")
        ]
        print("Console pages against the JSON route with the same data (p95 goal ≤ 1.5×)")
        for (name, page, token, api) in pairs {
            let browser = ["Cookie: tonghu_session=\(token)", "Accept: text/html,application/xhtml+xml", "Accept-Encoding: gzip"]
            _ = try Latency.measure(base + page, token: nil, headers: browser, seconds: 1, directory: directory)
            _ = try Latency.measure(base + api, token: token, seconds: 1, directory: directory)
            let shown = try Latency.measure(base + page, token: nil, headers: browser, seconds: seconds, directory: directory)
            let json = try Latency.measure(base + api, token: token, seconds: seconds, directory: directory)
            print(
                "  \(name): "
                    + String(
                        format: "page p50 %6.2f ms, p95 %6.2f ms (%d requests); JSON p50 %6.2f ms, p95 %6.2f ms (%d); ratio p95 %5.2f×",
                        shown.p50, shown.p95, shown.requests, json.p50, json.p95, json.requests, shown.p95 / json.p95))
        }
    }
}
