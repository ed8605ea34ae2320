import Contract
import Foundation
import Gateway
import Testing

@Suite("a child's file as JSON")
struct ChildJSONTests {
    @Test("written without JSONEncoder, a child's file is byte for byte what JSONEncoder writes, with and without the ID number")
    func sameBytes() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let files = [
            #"{"id":"6F1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B","idNumberMasked":"320412********0015","name":"甲村童","sex":"M","#
                + #""birthDate":"2015-05-05","residenceDistrict":"320412100201","hukouDistrict":"320412100201"}"#,
            #"{"id":"0A1C2B9A-3D4E-4F50-8A6B-7C8D9E0F1A2B","idNumber":"320412201505050023","idNumberMasked":"320412********0023","#
                + #""name":"王\"小\\妹/\n\t二","sex":"F","birthDate":"2015-05-05","residenceDistrict":"320412100201","#
                + #""hukouDistrict":"320483100201"}"#
        ]
        for file in files {
            let child = try JSONDecoder().decode(Child.self, from: Data(file.utf8))
            let written = String(decoding: try JSONBody.bytes(child), as: UTF8.self)
            #expect(written == String(decoding: try encoder.encode(child), as: UTF8.self))
            #expect(try JSONDecoder().decode(Child.self, from: Data(written.utf8)) == child)
        }
    }
}
