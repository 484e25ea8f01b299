#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read whole.
enum FileReadError: Error, Equatable {
    case unreadable(reason: String)
    case isDirectory
    case tooLarge(bytes: Int, limit: Int)
}

/// Reads a whole file with POSIX calls: cheaper than Foundation for thousands of small files,
/// and tells a directory or an unreadable path apart in one sentence.
func readWholeFile(_ path: String, limit: Int) throws(FileReadError) -> [UInt8] {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
    if (status.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
    let declaredSize = Int(status.st_size)
    if declaredSize > limit { throw .tooLarge(bytes: declaredSize, limit: limit) }

    // One byte more than declared, so a single read sees the end of a regular file;
    // pipes and devices declare no size and are read in growing chunks, up to the limit.
    var bytes = [UInt8](unsafeUninitializedCapacity: declaredSize > 0 ? declaredSize + 1 : 64 * 1024) { _, count in
        count = declaredSize > 0 ? declaredSize + 1 : 64 * 1024   // filled by read() below, trimmed to what it read
    }
    var count = 0
    while true {
        if count == bytes.count {
            guard count < limit else { throw .tooLarge(bytes: count, limit: limit) }
            bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit - count + 1)))
        }
        let got = bytes.withUnsafeMutableBytes { buffer in
            read(descriptor, buffer.baseAddress! + count, buffer.count - count)
        }
        if got < 0 {
            if errno == EINTR { continue }
            if errno == EISDIR { throw .isDirectory }
            throw .unreadable(reason: String(cString: strerror(errno)))
        }
        if got == 0 { break }
        count += got
    }
    if count > limit { throw .tooLarge(bytes: count, limit: limit) }
    bytes.removeSubrange(count...)
    return bytes
}
