/// The text encoding a ``CSVReader`` decided its input is in.
public enum TextEncodingGuess: Sendable {
    /// UTF-8 without a byte-order mark.
    case utf8
    /// UTF-8 that started with a byte-order mark (stripped, never seen in fields).
    case utf8BOM
    /// GB18030 (and so GBK and GB2312), what Excel saves as "CSV" on Chinese Windows.
    case gb18030
}
