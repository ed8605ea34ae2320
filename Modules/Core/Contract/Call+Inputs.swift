/// Reading the inputs an endpoint declared: parsed, bounded and (districts) scope-checked by their declaration.
extension Call {
    /// The query parameter's value; absent is its default, `nil` or a 422 as declared. Reading a parameter the
    /// endpoint did not list in its `inputs:` stops a debug build (the document would not show it).
    public func input<Value>(_ input: QueryInput<Value>) throws -> Value {
        assert(declaredInputs.contains(input.declaration.key), "query parameter \(input.declaration.name) is not declared by the endpoint")
        return try input.read(queryParameters.get(input.declaration.name), self)
    }

    /// The path parameter's value; one that cannot name anything is a 404.
    public func input<Value>(_ input: PathInput<Value>) throws -> Value {
        assert(declaredInputs.contains(input.declaration.key), "path parameter \(input.declaration.name) is not declared by the endpoint")
        return try input.parse(try parameter(input.declaration.name))
    }
}
