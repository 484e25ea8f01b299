#if canImport(Glibc)
import Glibc
#endif

/// Line output on stdout, written as each line is complete, so `| head` and long runs see results at
/// once. A closed pipe (`| head -1`) ends the process quietly, as SIGPIPE does for C tools.
enum StandardOutput {
    static func writeLine(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { _exit(errno == EPIPE ? 141 : ExitStatus.failure) }
                offset += written
            }
        }
    }
}
