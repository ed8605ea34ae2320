import Contract

/// A child's file is written without `JSONEncoder` (see `JSONWritable`): it answers every read of one child, the
/// gateway's busiest route. The members and their form are the `Codable` ones, keys in sorted order.
extension Child: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            json.key("birthDate")
            json.string(birthDate.description)
            json.key("hukouDistrict")
            json.string(hukouDistrict.description)
            json.key("id")
            json.string(id.uuidString)
            if let idNumber {
                json.key("idNumber")
                json.string(idNumber)
            }
            json.key("idNumberMasked")
            json.string(idNumberMasked)
            json.key("name")
            json.string(name)
            json.key("residenceDistrict")
            json.string(residenceDistrict.description)
            json.key("sex")
            json.string(sex.rawValue)
        }
    }
}
