import NIOCore
import PostgresNIO

/// `DistrictCode` is a PostgreSQL `bigint` (`int8`), bound and read as it is: rows decode straight into it, and a number
/// that is not a district code is a decoding error, never a crash.
extension DistrictCode: PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable {
    public static var psqlType: PostgresDataType { .int8 }
    public static var psqlFormat: PostgresFormat { .binary }
    public static var psqlArrayType: PostgresDataType { .int8Array }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        value.encode(into: &byteBuffer, context: context)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .int8 else { throw PostgresDecodingError.Code.typeMismatch }
        guard let code = DistrictCode(value: try Int64(from: &buffer, type: type, format: format, context: context)) else {
            throw PostgresDecodingError.Code.failure
        }
        self = code
    }
}
