/// 版本 — the release of this build, as `tonghu --version` and `tonghu-gateway --version` print it: the year and month
/// it was cut, then a sequence number.
public enum Release {
    public static let version = "2026.12.0"
}
