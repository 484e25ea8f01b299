import CLibJPEG
import DigitCore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Files are decoded as they are read (issue 12): through a pipe that delivers a few bytes at a time,
/// from files many read buffers long, and with the byte limit applied to what is read.
@Suite struct StreamingDecodeTests {
    /// Noise, so that the files are many times the 64 KiB read buffer.
    static func noise(width: Int, height: Int) -> GrayImage {
        var state: UInt32 = 12345
        return GrayImage(width: width, height: height, pixels: (0..<width * height).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        })
    }

    static let image = noise(width: 640, height: 480)

    static let files: [(name: String, bytes: [UInt8])] = {
        let colour = image.pixels.flatMap { [$0, $0 / 2, 255 - $0] }
        return [
            ("PNG", try! Fixtures.png(image)),
            ("baseline JPEG", try! Fixtures.jpeg(image, quality: 90)),
            ("progressive colour JPEG", try! Fixtures.jpeg(samples: colour, width: 640, height: 480, components: 3,
                                                           fileColorSpace: JCS_YCbCr, quality: 90, progressive: true)),
        ]
    }()

    /// Writes `bytes` into a pipe in pieces of `piece` bytes from another thread, and decodes its read end.
    func decodeThroughPipe(_ bytes: [UInt8], piece: Int, options: DecodeOptions) throws(ImageDecodingError) -> GrayImage {
        signal(SIGPIPE, SIG_IGN)   // a decoder that stops early closes the pipe under the writer
        var ends: [Int32] = [0, 0]
        precondition(pipe(&ends) == 0)
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let writer = Thread {
            var offset = 0
            while offset < bytes.count {
                let count = min(piece, bytes.count - offset)
                let written = bytes[offset..<offset + count].withUnsafeBytes { write(writeEnd, $0.baseAddress!, count) }
                if written <= 0 { break }   // the reader stopped early
                offset += written
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(readEnd) }
        return try ImageDecoder.decode(contentsOf: BytePath("/proc/self/fd/\(readEnd)"), options: options)
    }

    @Test(arguments: [0, 1, 2])
    func aPipeDecodesAsMemoryDoes(file: Int) throws {
        let (name, bytes) = Self.files[file]
        #expect(bytes.count > 3 * ImageDecoder.readBufferBytes, "\(name) spans several read buffers")
        for options in [DecodeOptions(), DecodeOptions(minimumShortSide: 60)] {
            let inMemory = try ImageDecoder.decode(bytes, options: options)
            #expect(try decodeThroughPipe(bytes, piece: 1000, options: options) == inMemory, "\(name)")
        }
    }

    @Test(arguments: [0, 1, 2])
    func aFileDecodesAsMemoryDoesAndATruncatedOneFails(file: Int) throws {
        let (name, bytes) = Self.files[file]
        let directory = try TemporaryDirectory()
        let path = directory.path("image")
        // At 1/8 size a progressive JPEG is read only to its DC scans, then searched to its end marker.
        for options in [DecodeOptions(), DecodeOptions(minimumShortSide: 60)] {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(try ImageDecoder.decode(contentsOf: path, options: options) == ImageDecoder.decode(bytes, options: options), "\(name)")
            try Data(bytes.prefix(bytes.count - 3 * ImageDecoder.readBufferBytes / 2)).write(to: URL(fileURLWithPath: path))
            #expect(throws: ImageDecodingError.self, "\(name) cut short") {
                try ImageDecoder.decode(contentsOf: path, options: options)
            }
        }
    }

    @Test func theLimitAppliesToWhatAPipeDelivers() throws {
        let (_, bytes) = Self.files[0]
        let limit = bytes.count / 2
        #expect(throws: ImageDecodingError.readBeyondLimit(limit: limit)) {
            try decodeThroughPipe(bytes, piece: 4096, options: DecodeOptions(maxFileBytes: limit))
        }
        #expect(ImageDecodingError.readBeyondLimit(limit: limit).description == "file too large: more than the limit of \(limit) bytes")
        #expect(try decodeThroughPipe(bytes, piece: 4096, options: DecodeOptions(maxFileBytes: bytes.count)) == Self.image)
    }

    @Test func zerosAreRefusedAfterTheFirstBytes() throws {
        // /dev/zero never ends: only a decoder that stops after sniffing can return at all.
        #expect(throws: ImageDecodingError.unsupportedFormat(.unknown)) { try ImageDecoder.decode(contentsOf: "/dev/zero") }
    }
}
