#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes `bytes` to `path` atomically: to a temporary file beside it, flushed to disk, then renamed
/// over `path`. A failed or interrupted write leaves any existing file untouched and no partial file
/// behind. Throws the reason as one sentence.
func writeAtomically(_ bytes: [UInt8], to path: String) throws(AtomicWriteError) {
    let slash = path.lastIndex(of: "/")
    let directory = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let temporary = "\(directory)/.\(name).\(getpid()).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw AtomicWriteError(reason: "cannot write \(path): \(String(cString: strerror(errno)))") }
    var failure: String?
    bytes.withUnsafeBytes { buffer in
        var written = 0
        while written < buffer.count {
            let count = write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { failure = String(cString: strerror(errno)); return }
            written += count
        }
    }
    if failure == nil && fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
    close(descriptor)
    if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
        unlink(temporary)
        throw AtomicWriteError(reason: "cannot write \(path): \(failure)")
    }
}

struct AtomicWriteError: Error {
    let reason: String
}
