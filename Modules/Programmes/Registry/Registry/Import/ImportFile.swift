import CSVFiles
import Foundation

/// The CSV an import reads: a file named on the command line, or an upload held in an unnamed spool file
/// (``UploadSpool``), read from its start.
enum ImportFile: Sendable {
    case path(URL)
    case upload(FileHandle)

    /// What the audit entries call it.
    var name: String {
        switch self {
        case .path(let url): url.lastPathComponent
        case .upload: "上传文件"
        }
    }

    func reader() throws(CSVError) -> CSVReader {
        switch self {
        case .path(let url): try CSVReader(url: url)
        case .upload(let handle): try CSVReader(handle: handle, name: name)
        }
    }
}
