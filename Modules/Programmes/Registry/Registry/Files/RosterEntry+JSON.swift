import Contract

/// Rosters are written without `JSONEncoder` (see `JSONWritable`), keys in sorted order.
extension RosterEntry: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.key("birthDate")
            json.string(birthDate.description)
            json.key("categories")
            json.array(categories) { $0.string($1) }
            json.key("id")
            json.string(id.uuidString)
            json.key("idNumberMasked")
            json.string(idNumberMasked)
            json.key("name")
            json.string(name)
            json.key("nextVisitDue")
            json.string(nextVisitDue.description)
            json.key("residenceDistrict")
            json.string(residenceDistrict.description)
            json.key("riskColour")
            json.string(riskColour)
        }
    }
}

extension RosterPage: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.key("children")
            json.array(children) { $0.value($1) }
            if let next {
                json.key("next")
                json.string(next.uuidString)
            }
        }
    }
}
