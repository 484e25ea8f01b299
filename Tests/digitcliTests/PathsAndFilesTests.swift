import CFixtureEncoders
import DigitCore
import DigitDrawing
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built binary with arguments given as raw bytes (as a shell passes a Latin-1 file name,
/// which a Swift String cannot hold), stdin from bytes, optionally under an address-space limit
/// (`ulimit -v`: a process that reads a whole file into memory fails under one smaller than the file).
struct RawRun {
    let status: Int32
    let standardOutput: [UInt8]
    let standardError: [UInt8]

    var output: String { String(decoding: standardOutput, as: UTF8.self) }
    var errors: String { String(decoding: standardError, as: UTF8.self) }

    init(_ arguments: [[UInt8]], standardInput: [UInt8] = [], in directory: String, memoryLimitKilobytes: Int? = nil) throws {
        let files = ["in", "out", "err"].map { directory + "/.run-\($0)-\(UUID().uuidString)" }
        defer { files.forEach { unlink($0) } }
        try Data(standardInput).write(to: URL(fileURLWithPath: files[0]))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, files[0], O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, files[1], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, files[2], O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let limit = memoryLimitKilobytes.map { "ulimit -v \($0) && " } ?? ""
        let shell = ["/bin/sh", "-c", limit + "cd \"$0\" && exec \"$@\"", directory, DigitCLIRun.executable.path].map { Array($0.utf8) }
        let argv = (shell + arguments).map { bytes -> UnsafeMutablePointer<CChar>? in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (index, byte) in bytes.enumerated() { copy[index] = CChar(bitPattern: byte) }
            copy[bytes.count] = 0
            return copy
        } + [nil]
        defer { argv.forEach { $0?.deallocate() } }
        var child: pid_t = 0
        guard posix_spawn(&child, argv[0]!, &actions, nil, argv, environ) == 0 else { throw POSIXError(.ENOEXEC) }
        var rawStatus: Int32 = 0
        while waitpid(child, &rawStatus, 0) < 0 && errno == EINTR {}
        status = (rawStatus & 0x7F) == 0 ? (rawStatus >> 8) & 0xFF : 128 + (rawStatus & 0x7F)
        standardOutput = Array(try Data(contentsOf: URL(fileURLWithPath: files[1])))
        standardError = Array(try Data(contentsOf: URL(fileURLWithPath: files[2])))
    }
}

/// Paths are bytes, folders are walked as find walks them, and files are read as streams (issue 12).
@Suite struct PathsAndFilesTests {
    let directory: TemporaryFolder
    /// `café.png` in Latin-1: not UTF-8.
    static let latin1Name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".png".utf8)

    init() throws {
        directory = try TemporaryFolder()
    }

    /// A clearly drawn digit as PNG bytes.
    static func digitFile(_ digit: Int) throws -> [UInt8] {
        var canvas = Canvas(width: 90, height: 90, paper: 240)
        canvas.draw(digit, x: 25, y: 12, width: 42, height: 66, penWidth: 7, ink: 20)
        return try PNGEncoder.encode(canvas.image)
    }

    /// Writes `bytes` at `name` (raw bytes) below the folder.
    func write(_ bytes: [UInt8], at name: [UInt8]) throws {
        let descriptor = BytePath(bytes: Array(directory.root.utf8) + [UInt8(ascii: "/")] + name).withCString {
            open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        defer { close(descriptor) }
        _ = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress!, $0.count) }
    }

    func run(_ arguments: [String], raw: [UInt8]? = nil, standardInput: [UInt8] = [], memoryLimitKilobytes: Int? = nil) throws -> RawRun {
        try RawRun(arguments.map { Array($0.utf8) } + (raw.map { [$0] } ?? []), standardInput: standardInput, in: directory.root,
                   memoryLimitKilobytes: memoryLimitKilobytes)
    }

    /// 100 MB of address space: the process fits in it (with its threads), a file read whole does not.
    static let smallMemory = 100_000

    @Test func aLatin1NameAsArgumentInEveryFormat() throws {
        try write(try Self.digitFile(3), at: Self.latin1Name)
        let text = try run(["predict", "-m", "seed"], raw: Self.latin1Name)
        #expect(text.status == 0, "\(text.errors)")
        #expect(text.output.hasPrefix("caf\\xE9.png: 3 ("), "\(text.output)")
        let tsv = try run(["predict", "-m", "seed", "-f", "tsv"], raw: Self.latin1Name)
        #expect(tsv.output.hasPrefix("caf\\xE9.png\t3\t"), "\(tsv.output)")
        let jsonl = try run(["predict", "-m", "seed", "-f", "jsonl"], raw: Self.latin1Name)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(jsonl.standardOutput)) as? [String: Any])
        #expect(object["path"] as? String == "caf\u{FFFD}.png")
        #expect((object["path_base64"] as? String).flatMap { Data(base64Encoded: $0) }.map(Array.init) == Self.latin1Name)
        #expect(object["digit"] as? Int == 3)

        let missing = Array("gone-".utf8) + Self.latin1Name
        let error = try run(["predict", "-m", "seed"], raw: missing)
        #expect(error.status == 1)
        #expect(error.errors == "digitcli: gone-caf\\xE9.png: cannot read file: No such file or directory\n")
        #expect(error.standardOutput.isEmpty)
    }

    @Test func aLatin1NameOnStandardInputWithAndWithoutNUL() throws {
        try write(try Self.digitFile(7), at: Self.latin1Name)
        for (flags, separator) in [([String](), UInt8(ascii: "\n")), (["-0"], UInt8(0))] {
            let list = try run(["predict", "-m", "seed", "-f", "tsv"] + flags + ["-"], standardInput: Self.latin1Name + [separator])
            #expect(list.status == 0, "\(flags): \(list.errors)")
            #expect(list.output.hasPrefix("caf\\xE9.png\t7\t"), "\(flags): \(list.output)")
        }
    }

    @Test func aLatin1NameFoundInAFolderAndOtherEscapes() throws {
        try FileManager.default.createDirectory(atPath: directory.root + "/scans", withIntermediateDirectories: true)
        try write(try Self.digitFile(4), at: Array("scans/".utf8) + Self.latin1Name)
        try write(try Self.digitFile(1), at: Array("scans/tab\there\\.png".utf8))
        let walked = try run(["predict", "-m", "seed", "-r", "scans"])
        #expect(walked.status == 0, "\(walked.errors)")
        let lines = walked.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("scans/caf\\xE9.png: 4 ("), "\(lines)")
        #expect(lines[1].hasPrefix("scans/tab\\there\\\\.png: 1 ("), "\(lines)")
    }

    /// loop/a.png, loop/sub/b.png, loop/sub/up → .. and elsewhere/c.png with loop/link → ../elsewhere.
    func makeLinks() throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory.root + "/loop/sub", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: directory.root + "/elsewhere", withIntermediateDirectories: true)
        try write(try Self.digitFile(2), at: Array("loop/a.png".utf8))
        try write(try Self.digitFile(5), at: Array("loop/sub/b.png".utf8))
        try write(try Self.digitFile(8), at: Array("elsewhere/c.png".utf8))
        try manager.createSymbolicLink(atPath: directory.root + "/loop/sub/up", withDestinationPath: "..")
        try manager.createSymbolicLink(atPath: directory.root + "/loop/link", withDestinationPath: "../elsewhere")
        try manager.createSymbolicLink(atPath: directory.root + "/loop/c-link.png", withDestinationPath: "../elsewhere/c.png")
        try manager.createSymbolicLink(atPath: directory.root + "/loop/dangling.png", withDestinationPath: "nowhere.png")
    }

    @Test func symbolicLinksToFoldersAreFollowedOnlyWithDashL() throws {
        try makeLinks()
        let plain = try run(["predict", "-m", "seed", "-r", "-f", "tsv", "loop"])
        #expect(plain.status == 0, "\(plain.errors)")
        #expect(plain.output.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
                == ["loop/a.png", "loop/c-link.png", "loop/sub/b.png"])
        #expect(plain.errors == "digitcli: note: skipped loop/dangling.png: broken symbolic link\n")

        let following = try run(["predict", "-m", "seed", "-r", "-L", "-f", "tsv", "loop"])
        #expect(following.status == 0, "\(following.errors)")
        #expect(following.output.split(separator: "\n").map { String($0.split(separator: "\t")[0]) }
                == ["loop/a.png", "loop/c-link.png", "loop/link/c.png", "loop/sub/b.png"])
        #expect(following.errors == """
            digitcli: note: skipped loop/dangling.png: broken symbolic link
            digitcli: note: skipped loop/sub/up: the same folder as loop, already read

            """)
    }

    @Test func endlessDevicesAreRefusedAtOnceWithLittleMemory() throws {
        let zero = try run(["predict", "-m", "seed", "/dev/zero"], memoryLimitKilobytes: Self.smallMemory)
        #expect(zero.status == 1)
        #expect(zero.errors == "digitcli: /dev/zero: unsupported format (not a PNG or JPEG image)\n")
    }

    @Test func aFileLargerThanTheMemoryIsDecodedAsItIsRead() throws {
        // A JPEG whose 160 MB of application markers (which the decoder skips) come before the image.
        let image = try Self.grayJPEG((0..<64 * 48).map { UInt8(truncatingIfNeeded: $0 * 7) }, width: 64, height: 48)
        let segment = [0xFF, 0xEF, 0xFF, 0xFF] + [UInt8](repeating: 0x55, count: 0xFFFF - 2)   // APP15, 65,535 bytes
        let path = directory.root + "/padded.jpg"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(image.prefix(2))))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        let block = Data(Array(repeating: segment, count: 64).joined())
        for _ in 0..<40 { handle.write(block) }
        handle.write(Data(image.dropFirst(2)))
        try handle.close()
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
        #expect(size > 160_000_000)

        let padded = try run(["predict", "-m", "seed", "-f", "tsv", "padded.jpg"], memoryLimitKilobytes: Self.smallMemory)
        #expect([0, 3].contains(padded.status), "\(padded.errors)")
        #expect(padded.output.hasPrefix("padded.jpg\t"), "answered: \(padded.output)")
        #expect(padded.errors.isEmpty)
    }

    @Test func aPipeIsReadAsAFileIs() throws {
        let bytes = try Self.digitFile(9)
        try write(bytes, at: Array("nine.png".utf8))
        let piped = try DigitCLIRun(["predict", "-m", "seed", "-f", "tsv", "/dev/stdin"], standardInput: Data(bytes))
        let direct = try DigitCLIRun(["predict", "-m", "seed", "-f", "tsv", directory.root + "/nine.png"])
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(piped.standardOutput.split(separator: "\t").dropFirst() == direct.standardOutput.split(separator: "\t").dropFirst())
        #expect(piped.standardOutput.hasPrefix("/dev/stdin\t9\t"))
    }

    static func grayJPEG(_ pixels: [UInt8], width: Int, height: Int) throws -> [UInt8] {
        var options = fx_jpeg_options(input_components: 1, file_color_space: 1 /* JCS_GRAYSCALE */, quality: 90, progressive: 0,
                                      luma_h_sampling: 1, luma_v_sampling: 1, restart_interval: 0, exif: nil, exif_size: 0)
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 200)
        guard fx_encode_jpeg(pixels, UInt32(width), UInt32(height), &options, &data, &size, &message) == 0, let data else {
            throw POSIXError(.EINVAL)
        }
        defer { fx_free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }
}
