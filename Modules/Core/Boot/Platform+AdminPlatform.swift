import Contract

/// The booted platform is what admin commands open (`CommandContext.withPlatform`).
extension Platform: AdminPlatform {}
