import Foundation

/// The State Council General Office's notices compiled into the platform (`Notices/notice-YYYY.csv`), which core
/// migration 12 loads: 2024, 2025 and 2026, each checked day by day against the notice. 2025 is the first year under
/// 国务院令第795号 (春节 and 劳动节 each one statutory day more). Later years arrive by `tonghu calendar import`.
public enum NationalNotices {
    public static var all: [HolidayNotice] {
        get throws {
            try [PackageResources.notice_2024_csv, PackageResources.notice_2025_csv, PackageResources.notice_2026_csv].map {
                try HolidayNotice(csv: Data($0))
            }
        }
    }
}
