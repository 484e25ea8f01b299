import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under the system's temporary folder, removed when the value goes away.
final class TemporaryDirectory {
    let root: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/digitcli-test-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw POSIXError(.EIO) }
        root = String(cString: made)
    }

    func path(_ name: String) -> String { root + "/" + name }

    deinit { try? FileManager.default.removeItem(atPath: root) }
}

/// Runs `body` with file descriptor 2 sent to a temporary file, and returns what was written there.
func capturingStandardError(_ body: () throws -> Void) throws -> String {
    let directory = try TemporaryDirectory()
    let capture = open(directory.path("stderr"), O_RDWR | O_CREAT, 0o600)
    let saved = dup(2)
    fflush(nil)   // every C stream, stderr among them
    dup2(capture, 2)
    defer {
        fflush(nil)   // every C stream, stderr among them
        dup2(saved, 2)
        close(saved)
        close(capture)
    }
    try body()
    fflush(nil)   // every C stream, stderr among them
    return try String(contentsOfFile: directory.path("stderr"), encoding: .utf8)
}

/// Hand-built PNG chunks, for files no encoder would write (bombs, odd chunk orders).
enum PNGChunks {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return bigEndian(UInt32(data.count)) + body + bigEndian(crc32(body))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
