extension Call {
    /// The same request as another programme's part of it (a panel on the console's home page), with that part's
    /// scope: what the caller's roles grant for the panel's permission.
    package func part(of programme: String, scope: DistrictScope) -> Call {
        Call(copying: self, programme: programme, scope: scope)
    }

    private init(copying call: Call, programme: String, scope: DistrictScope) {
        context = call.context
        principal = call.principal
        self.scope = scope
        self.programme = programme
        requestID = call.requestID
        clientAddress = call.clientAddress
        language = call.language
        bearerToken = call.bearerToken
        parameters = call.parameters
        decoder = call.decoder
        maxBodySize = call.maxBodySize
    }
}
