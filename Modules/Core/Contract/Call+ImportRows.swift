import CoreMetrics

extension Call {
    /// 导入行数 — counts an uploaded file's rows in `tonghu_import_rows_total{programme, outcome}`: `accepted` (written,
    /// or already on file and counted), `refused` (reported back with their line). Both series exist from the first upload.
    public func countImportRows(accepted: Int, refused: Int) {
        for (outcome, rows) in [("accepted", accepted), ("refused", refused)] {
            Counter(
                label: "tonghu_import_rows_total", dimensions: [("programme", programme), ("outcome", outcome)], factory: context.metrics
            )
            .increment(by: rows)
        }
    }
}
