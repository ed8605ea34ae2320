import Contract
import Foundation

/// The bodies the core's endpoints answer with, documented in `/openapi.json` from these examples.
extension Child: DocumentedBody {
    public static var examples: [Child] {
        get throws {
            let masked = """
                {"id":"6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B","idNumberMasked":"320412********0015","name":"甲村童","sex":"M",
                "birthDate":"2015-05-05","residenceDistrict":"320412100201","hukouDistrict":"320412100201"}
                """
            let revealed = masked.replacingOccurrences(of: #""name""#, with: #""idNumber":"320412201505050015","name""#)
            return [try decoded(revealed), try decoded(masked)]
        }
    }
}

extension District: DocumentedBody {
    public static var examples: [District] {
        get throws {
            [
                try decoded(
                    #"{"code":"320412100201","name":"马杭村","level":5,"parent":"320412100000","validFrom":"2009-01-01","validTo":"2024-12-31","successor":"320412100202"}"#
                ),
                try decoded(#"{"code":"320000000000","name":"江苏省","level":1,"validFrom":"2009-01-01"}"#)
            ]
        }
    }
}

extension Principal: DocumentedBody {
    public static var examples: [Principal] {
        get throws {
            [
                try decoded(
                    #"{"userID":"0B0C9E2A-1F3D-4C5B-9A8E-7D6C5B4A3F2E","username":"jia-director","displayName":"甲村儿童主任","grants":[{"role":"registry.director","district":"320412100201"}],"enrolmentOnly":false}"#
                )
            ]
        }
    }
}

extension AuditEntry: DocumentedBody {
    public static var examples: [AuditEntry] {
        get throws {
            [
                try decoded(
                    #"{"at":"2026-11-01T08:30:00Z","actor":"jia-director","action":"file.read","programme":"registry","entity":"file","entityID":"6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B","childID":"6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B","outcome":"success","requestID":"req-1","clientAddress":"10.0.0.8"}"#
                ),
                try decoded(#"{"at":"2026-11-01T08:30:00Z","actor":"system","action":"login","programme":"core","outcome":"denied"}"#)
            ]
        }
    }
}

extension Enrolment: DocumentedBody {
    public static var examples: [Enrolment] {
        get throws {
            [try decoded(#"{"secret":"JBSWY3DPEHPK3PXP","uri":"otpauth://totp/Tonghu:jia-admin?secret=JBSWY3DPEHPK3PXP&issuer=Tonghu"}"#)]
        }
    }
}

extension CoreEndpoints.LoginResponse: DocumentedBody {
    static var examples: [Self] {
        let expires = Date(timeIntervalSince1970: 1_795_000_000)
        return [
            Self(token: "tk_2c3f…", expiresAt: expires, secondFactorEnrolmentRequired: true, recoveryCodesLeft: 9),
            Self(token: "tk_2c3f…", expiresAt: expires, secondFactorEnrolmentRequired: nil, recoveryCodesLeft: nil)
        ]
    }
}

/// 恢复码 — the recovery codes of a confirmed second factor, shown once.
struct RecoveryCodes: DocumentedBody {
    let recoveryCodes: [String]
    static let examples = [RecoveryCodes(recoveryCodes: ["7KQ2-MX4P", "3HZD-91WA"])]
}

/// The answer of `/healthz` and `/readyz`.
struct HealthStatus: DocumentedBody, JSONWritable {
    let status: String
    static let examples = [HealthStatus(status: "ok")]

    /// Written without `JSONEncoder`: `/healthz` is probed often.
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.key("status")
            json.string(status)
        }
    }
}
