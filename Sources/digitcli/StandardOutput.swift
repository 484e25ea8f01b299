#if canImport(Glibc)
import Glibc
#endif

/// Lines for stdout, written as soon as they are complete: the caller flushes whenever it has
/// printed every result that is ready, so `| head` and long runs see each answer at once while
/// answers that arrive together leave in one write. A closed pipe (`| head -1`) ends the process
/// quietly, with the status SIGPIPE would give (141).
struct StandardOutput {
    private var buffer: [UInt8] = []

    mutating func append(line: String) {
        buffer += line.utf8
        buffer.append(10)
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        buffer.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { _exit(errno == EPIPE ? 141 : ExitStatus.failure) }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
