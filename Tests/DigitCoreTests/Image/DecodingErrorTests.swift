import CLibJPEG
import DigitCore
import Foundation
import Testing

@Suite struct DecodingErrorTests {
    let pngFile: [UInt8]
    let jpegFile: [UInt8]

    init() throws {
        let image = Fixtures.pattern(width: 40, height: 30)
        pngFile = try Fixtures.png(image)
        jpegFile = try Fixtures.jpeg(image)
    }

    func decodingError(_ bytes: [UInt8], options: DecodeOptions = DecodeOptions()) -> ImageDecodingError? {
        do {
            _ = try ImageDecoder.decode(bytes, options: options)
            return nil
        } catch {
            return error
        }
    }

    func isCorrupt(_ error: ImageDecodingError?, _ format: ImageFormat) -> Bool {
        if case .corrupt(format, _) = error { return true }
        return false
    }

    @Test func emptyInput() {
        #expect(decodingError([]) == .empty)
        #expect(ImageDecodingError.empty.description == "empty file")
    }

    @Test func truncatedPNG() {
        for length in [8, 12, 20, 33, 41, 60, pngFile.count / 2, pngFile.count - 13, pngFile.count - 1] {
            let error = decodingError(Array(pngFile.prefix(length)))
            #expect(isCorrupt(error, .png), "cut at \(length) of \(pngFile.count): \(String(describing: error))")
        }
    }

    @Test func truncatedJPEG() {
        for length in [3, 4, 20, 100, 200, jpegFile.count / 2, jpegFile.count - 10, jpegFile.count - 2] {
            let error = decodingError(Array(jpegFile.prefix(length)))
            #expect(isCorrupt(error, .jpeg), "cut at \(length) of \(jpegFile.count): \(String(describing: error))")
        }
    }

    @Test func truncatedProgressiveJPEGIsAnErrorNotGrey() throws {
        let file = try Fixtures.jpeg(samples: Fixtures.pattern(width: 64, height: 64).pixels, width: 64, height: 64,
                                     components: 1, fileColorSpace: JCS_GRAYSCALE, progressive: true)
        let error = decodingError(Array(file.prefix(file.count * 2 / 3)))
        #expect(error == .corrupt(.jpeg, reason: "Premature end of JPEG file"))
    }

    @Test func badCRCInImageData() throws {
        var file = pngFile
        // The IDAT chunk follows the 8-byte signature and the 25-byte IHDR chunk.
        let idat = 8 + 25
        #expect(Array(file[idat + 4..<idat + 8]) == Array("IDAT".utf8))
        let length = file[idat..<idat + 4].reduce(0) { $0 << 8 | Int($1) }
        file[idat + 8 + length] ^= 0xFF   // first byte of its CRC
        let error = decodingError(file)
        #expect(isCorrupt(error, .png))
        #expect(error?.description.contains("CRC") == true, "\(String(describing: error))")
    }

    @Test func randomBytes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let noise = (0..<Int.random(in: 1...2000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Behind a real signature, noise must be refused by the library, without a crash.
            #expect(isCorrupt(decodingError(Array(pngFile.prefix(8)) + noise), .png))
            #expect(isCorrupt(decodingError([0xFF, 0xD8, 0xFF] + noise), .jpeg))
        }
        #expect(decodingError([0x00, 0x01, 0x02, 0xFE, 0x03]) == .unsupportedFormat(.unknown))
    }

    @Test func otherFormatsAreNamed() {
        let signatures: [(bytes: [UInt8], format: ImageFormat, description: String)] = [
            (Array("GIF89a".utf8) + [1, 0, 1, 0, 0, 0, 0], .gif, "unsupported format (GIF)"),
            (Array("GIF87a".utf8) + [1, 0, 1, 0], .gif, "unsupported format (GIF)"),
            (Array("BM".utf8) + [0x3A, 0, 0, 0, 0, 0], .bmp, "unsupported format (BMP)"),
            (Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WEBPVP8 ".utf8), .webp, "unsupported format (WebP)"),
            ([0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], .tiff, "unsupported format (TIFF)"),
            ([0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0], .heic, "unsupported format (HEIC)"),
            ([0, 0, 0, 0x1C] + Array("ftypavif".utf8) + [0, 0, 0, 0], .avif, "unsupported format (AVIF)"),
            (Array("%PDF-1.7\n".utf8), .pdf, "unsupported format (PDF)"),
            (Array("7\nthis is a text file, not a digit\n".utf8), .text, "unsupported format (text, not an image)"),
        ]
        for (bytes, format, description) in signatures {
            #expect(decodingError(bytes) == .unsupportedFormat(format))
            #expect(decodingError(bytes)?.description == description)
        }
    }

    @Test func formatIsToldByContentNotName() throws {
        let directory = try TemporaryDirectory()
        let misnamed = directory.path("actually-a-png.jpg")
        try Data(pngFile).write(to: URL(fileURLWithPath: misnamed))
        #expect(try ImageDecoder.decode(contentsOf: misnamed) == Fixtures.pattern(width: 40, height: 30))
    }

    @Test func filesThatAreNotImages() throws {
        let directory = try TemporaryDirectory()
        #expect(throws: ImageDecodingError.isDirectory) { try ImageDecoder.decode(contentsOf: directory.root) }
        #expect(throws: ImageDecodingError.unreadable(reason: "No such file or directory")) {
            try ImageDecoder.decode(contentsOf: directory.path("missing.png"))
        }
        let text = directory.path("notes.png")
        try "a text file".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(throws: ImageDecodingError.unsupportedFormat(.text)) { try ImageDecoder.decode(contentsOf: text) }
        let empty = directory.path("empty.jpg")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(throws: ImageDecodingError.empty) { try ImageDecoder.decode(contentsOf: empty) }
        #expect(throws: ImageDecodingError.fileTooLarge(bytes: pngFile.count, limit: 20)) {
            let big = directory.path("big.png")
            try Data(pngFile).write(to: URL(fileURLWithPath: big))
            _ = try ImageDecoder.decode(contentsOf: big, options: DecodeOptions(maxFileBytes: 20))
        }
    }

    @Test func pngDecompressionBombIsRefusedAtOnce() throws {
        // A 60-byte file declaring 50,000 × 50,000 pixels (2.5 gigapixels).
        let bomb = PNGChunks.signature
            + PNGChunks.chunk("IHDR", PNGChunks.bigEndian(50_000) + PNGChunks.bigEndian(50_000) + [8, 0, 0, 0, 0])
            + PNGChunks.chunk("IDAT", [0x78, 0x9C, 0x03, 0x00]) + PNGChunks.chunk("IEND", [])
        let clock = ContinuousClock()
        var error: ImageDecodingError?
        let elapsed = clock.measure { error = decodingError(bomb) }
        #expect(error == .tooManyPixels(reason: "50000x50000 pixels is above the limit of 100000000"))
        #expect(error?.description == "image too large: 50000x50000 pixels is above the limit of 100000000")
        #expect(elapsed < .seconds(1))
    }

    @Test func jpegDecompressionBombIsRefusedAtOnce() throws {
        var bomb = jpegFile
        // Find the SOF0 marker (FF C0): length(2) precision(1) height(2) width(2).
        let sof = try #require(zip(bomb.indices, bomb.dropFirst()).first { bomb[$0.0] == 0xFF && $0.1 == 0xC0 }?.0)
        bomb.replaceSubrange(sof + 5..<sof + 9, with: [0xEA, 0x60, 0xEA, 0x60])   // 60,000 × 60,000
        #expect(decodingError(bomb) == .tooManyPixels(reason: "60000x60000 pixels is above the limit of 100000000"))
    }

    @Test func pixelLimitIsAnOption() throws {
        let options = DecodeOptions(maxPixels: 1000)
        #expect(decodingError(pngFile, options: options) == .tooManyPixels(reason: "40x30 pixels is above the limit of 1000"))
        #expect(decodingError(jpegFile, options: options) == .tooManyPixels(reason: "40x30 pixels is above the limit of 1000"))
        #expect(decodingError(pngFile, options: DecodeOptions(maxPixels: 1200)) == nil)
    }

    @Test func librariesPrintNothing() throws {
        // libjpeg prints warnings to stderr by default, libpng too; here every message is captured.
        let damaged = [Array(jpegFile.prefix(jpegFile.count / 2)), Array(pngFile.prefix(50)),
                       [0xFF, 0xD8, 0xFF, 0xE0, 0, 2, 0xFF, 0xD9]]
        let captured = try capturingStandardError {
            for bytes in damaged { _ = decodingError(bytes) }
        }
        #expect(captured.isEmpty, "\(captured)")
    }
}
