import ArgumentParser
import CSVFiles

/// `--format csv|xlsx` on every export command.
extension ExportFormat: ExpressibleByArgument {}
