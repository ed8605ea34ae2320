import Contract

/// Work lists are written without `JSONEncoder` (see `JSONWritable`), keys in sorted order.
extension WorklistRepository.Worklist: JSONWritable {
    func write(to json: inout JSONWriter) {
        json.object { json in
            json.key("asOf")
            json.string(asOf.description)
            json.key("byDistrict")
            json.array(byDistrict) { json, count in
                json.object { json in
                    json.key("count")
                    json.integer(count.count)
                    json.key("district")
                    json.string(count.district.description)
                }
            }
            json.key("children")
            json.array(children) { $0.value($1) }
            json.key("district")
            json.string(district.description)
            json.key("total")
            json.integer(total)
        }
    }
}
