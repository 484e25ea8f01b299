import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder under the system's temporary folder, removed when the value goes away.
final class TemporaryFolder {
    let root: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/digitcli-tests-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        root = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}
