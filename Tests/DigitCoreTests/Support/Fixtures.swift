import CFixtureEncoders
import CLibJPEG
import DigitCore

/// Test images written in memory by libpng/libjpeg (through CFixtureEncoders), for the decoder to read back.
enum Fixtures {
    struct EncodingFailed: Error, CustomStringConvertible {
        let description: String
    }

    static func png(
        samples: [UInt16], width: Int, height: Int, colorType: Int32, bitDepth: Int32, interlaced: Bool = false,
        palette: [UInt8] = [], transparency: [UInt8] = [], transparentGray: Int32 = -1, exif: [UInt8]? = nil
    ) throws -> [UInt8] {
        try palette.withUnsafeBufferPointer { palette in
            try transparency.withUnsafeBufferPointer { transparency in
                try withOptionalBuffer(exif) { exif in
                    var options = fx_png_options(
                        color_type: colorType, bit_depth: bitDepth, interlaced: interlaced ? 1 : 0,
                        palette_rgb: palette.baseAddress, palette_count: Int32(palette.count / 3),
                        transparency: transparency.baseAddress, transparency_count: Int32(transparency.count),
                        transparent_gray: transparentGray, exif: exif.baseAddress, exif_size: exif.count)
                    return try collect { data, size, message in
                        fx_encode_png(samples, UInt32(width), UInt32(height), &options, data, size, message)
                    }
                }
            }
        }
    }

    static func jpeg(
        samples: [UInt8], width: Int, height: Int, components: Int32, fileColorSpace: J_COLOR_SPACE,
        quality: Int32 = 95, progressive: Bool = false, lumaSampling: (Int32, Int32) = (1, 1),
        restartInterval: Int32 = 0, exif: [UInt8]? = nil
    ) throws -> [UInt8] {
        try withOptionalBuffer(exif) { exif in
            var options = fx_jpeg_options(
                input_components: components, file_color_space: Int32(fileColorSpace.rawValue), quality: quality,
                progressive: progressive ? 1 : 0, luma_h_sampling: lumaSampling.0, luma_v_sampling: lumaSampling.1,
                restart_interval: restartInterval, exif: exif.baseAddress, exif_size: exif.count)
            return try collect { data, size, message in
                fx_encode_jpeg(samples, UInt32(width), UInt32(height), &options, data, size, message)
            }
        }
    }

    /// An 8-bit gray image as a plain gray PNG.
    static func png(_ image: GrayImage) throws -> [UInt8] {
        try png(samples: image.pixels.map(UInt16.init), width: image.width, height: image.height, colorType: 0, bitDepth: 8)
    }

    /// An 8-bit gray image as a baseline grayscale JPEG.
    static func jpeg(_ image: GrayImage, quality: Int32 = 95, exif: [UInt8]? = nil) throws -> [UInt8] {
        try jpeg(samples: image.pixels, width: image.width, height: image.height, components: 1,
                 fileColorSpace: JCS_GRAYSCALE, quality: quality, exif: exif)
    }

    /// A TIFF-structured EXIF block holding only an Orientation tag.
    static func exif(orientation: Int, bigEndian: Bool = false) -> [UInt8] {
        func u16(_ value: Int) -> [UInt8] {
            bigEndian ? [UInt8(value >> 8), UInt8(value & 0xFF)] : [UInt8(value & 0xFF), UInt8(value >> 8)]
        }
        func u32(_ value: Int) -> [UInt8] {
            bigEndian ? u16(value >> 16) + u16(value & 0xFFFF) : u16(value & 0xFFFF) + u16(value >> 16)
        }
        let header: [UInt8] = bigEndian ? [0x4D, 0x4D] : [0x49, 0x49]
        // Header, IFD0 at offset 8 with one entry: tag 0x0112, type SHORT, count 1, value; then no next IFD.
        return header + u16(42) + u32(8) + u16(1) + u16(0x0112) + u16(3) + u32(1) + u16(orientation) + u16(0) + u32(0)
    }

    /// A smooth test pattern with structure in both directions, so rotations and flips are told apart.
    static func pattern(width: Int, height: Int) -> GrayImage {
        var image = GrayImage(width: width, height: height, filledWith: 0)
        for y in 0..<height {
            for x in 0..<width {
                image[x, y] = UInt8((x * 160 / max(width - 1, 1) + y * 95 / max(height - 1, 1)) & 0xFF)
            }
        }
        return image
    }

    private static func collect(
        _ encode: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<CChar>) -> Int32
    ) throws -> [UInt8] {
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 200)
        let status = encode(&data, &size, &message)
        guard status == 0, let data else {
            throw EncodingFailed(description: String(decoding: message.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self))
        }
        defer { fx_free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    private static func withOptionalBuffer<R>(_ bytes: [UInt8]?, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard let bytes else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try bytes.withUnsafeBufferPointer(body)
    }
}

/// Largest absolute per-pixel difference, and the mean one.
func differences(_ a: GrayImage, _ b: GrayImage) -> (max: Int, mean: Double) {
    precondition(a.width == b.width && a.height == b.height, "sizes differ")
    var largest = 0, total = 0
    for (p, q) in zip(a.pixels, b.pixels) {
        let difference = abs(Int(p) - Int(q))
        largest = max(largest, difference)
        total += difference
    }
    return (largest, Double(total) / Double(max(a.pixels.count, 1)))
}

extension GrayImage {
    /// A separable filter: `filter` runs along every row, then along every column of the result. It gives
    /// the level at `position` of a line of `length` pixels, read through `value`.
    func filteredAlongRowsThenColumns(_ filter: (_ value: (Int) -> UInt8, _ position: Int, _ length: Int) -> UInt8) -> GrayImage {
        var result = self
        for horizontal in [true, false] {
            let source = result
            let (length, lines) = horizontal ? (width, height) : (height, width)
            for line in 0..<lines {
                let value = { (p: Int) in horizontal ? source[p, line] : source[line, p] }
                for position in 0..<length {
                    let level = filter(value, position, length)
                    if horizontal { result[position, line] = level } else { result[line, position] = level }
                }
            }
        }
        return result
    }
}
