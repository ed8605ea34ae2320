import NIOCore
import PostgresNIO
import Vocabulary

/// `CalendarDate` is a PostgreSQL `date`, bound and read as it is: rows decode straight into it, and a value the type
/// cannot hold (before 0001-01-01, after 9999-12-31, `±infinity`) is a decoding error, never a crash.
extension CalendarDate: PostgresNonThrowingEncodable, PostgresArrayEncodable, PostgresDecodable, PostgresArrayDecodable {
    public static var psqlType: PostgresDataType { .date }
    public static var psqlFormat: PostgresFormat { .binary }
    public static var psqlArrayType: PostgresDataType { .dateArray }

    /// Days from 1970-01-01 to PostgreSQL's epoch, 2000-01-01: the wire counts days from the latter.
    static let postgresEpoch = 10_957

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeInteger(Int32(dayNumber - Self.postgresEpoch))
    }

    public init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat, context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard type == .date else { throw PostgresDecodingError.Code.typeMismatch }
        switch format {
        case .binary:
            guard buffer.readableBytes == 4, let days = buffer.readInteger(as: Int32.self) else { throw PostgresDecodingError.Code.failure }
            let dayNumber = Int(days) + Self.postgresEpoch
            guard (Self.earliest.dayNumber...Self.latest.dayNumber).contains(dayNumber) else {
                throw PostgresDecodingError.Code.failure
            }
            self.init(dayNumber: dayNumber)
        case .text:
            guard let text = buffer.readString(length: buffer.readableBytes), let date = CalendarDate(text) else {
                throw PostgresDecodingError.Code.failure
            }
            self = date
        }
    }
}
