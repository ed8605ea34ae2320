import NIOCore
import PostgresNIO

/// A string enum stored as `text`: rows decode straight into it, and a text that names no case is a decoding error
/// (corrupt data, answered 500), never a crash. Conform with `extension State: PostgresTextEnum {}`.
public protocol PostgresTextEnum: RawRepresentable, PostgresDecodable where RawValue == String {}

extension PostgresTextEnum {
    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard let value = Self(rawValue: try String(from: &buffer, type: type, format: format, context: context)) else {
            throw PostgresDecodingError.Code.failure
        }
        self = value
    }
}
