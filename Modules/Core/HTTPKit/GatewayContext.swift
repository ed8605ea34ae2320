import Access
import Foundation
import Hummingbird
import NIOCore

/// The per-request context of the gateway: who is calling (after authentication), from where, in which language.
public struct GatewayContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    public var principal: Principal?
    public var bearerToken: String?
    public var language: Language = .zh
    public var requestID: String = ""

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// One decoder for every request (Hummingbird's default makes one per read): ISO 8601 dates, as Hummingbird's.
    public var requestDecoder: JSONDecoder { Self.decoder }
    private static let decoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// JSON bodies larger than this are refused with 413 (uploads stream their bodies themselves).
    public var maxUploadSize: Int { 1 << 20 }

    /// The client's IP address as text, for the audit trail.
    public var clientAddress: String? { remoteAddress?.ipAddress }
}

/// The language of messages: Chinese by default, English when `Accept-Language` prefers it.
public enum Language: String, Sendable {
    case zh, en

    /// The first language tag of `Accept-Language` decides (`en-US,en;q=0.9` → English; anything else → Chinese).
    public init(acceptLanguage: String?) {
        let first = acceptLanguage?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        self = first.hasPrefix("en") ? .en : .zh
    }
}
