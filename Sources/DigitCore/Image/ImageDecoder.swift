import CImageCodec

/// How much of an image to decode, and how much to accept.
public struct DecodeOptions: Sendable, Equatable {
    /// Images whose declared width × height is above this are refused before any large allocation.
    public var maxPixels: Int
    /// Large JPEGs may be decoded at 1/2, 1/4 or 1/8 size (libjpeg's DCT scaling, far cheaper than
    /// decoding everything) while their shorter side stays at least this long. nil decodes at full size.
    public var minimumShortSide: Int?
    /// Files above this size are refused unread.
    public var maxFileBytes: Int

    public static let defaultMaxPixels = 100_000_000

    public init(maxPixels: Int = DecodeOptions.defaultMaxPixels, minimumShortSide: Int? = nil, maxFileBytes: Int = 1 << 30) {
        self.maxPixels = maxPixels
        self.minimumShortSide = minimumShortSide
        self.maxFileBytes = maxFileBytes
    }
}

/// Decodes PNG and JPEG files into upright 8-bit grayscale images through libpng and libjpeg.
public enum ImageDecoder {
    /// Decodes the image file at `path`.
    public static func decode(contentsOf path: String, options: DecodeOptions = DecodeOptions()) throws(ImageDecodingError) -> GrayImage {
        let bytes: [UInt8]
        do {
            bytes = try readWholeFile(path, limit: options.maxFileBytes)
        } catch {
            switch error {
            case .isDirectory: throw .isDirectory
            case .tooLarge(let size, let limit): throw .fileTooLarge(bytes: size, limit: limit)
            case .unreadable(let reason): throw .unreadable(reason: reason)
            }
        }
        return try decode(bytes, options: options)
    }

    /// Decodes an image held in memory; the format is told by content, never by name.
    public static func decode(_ bytes: [UInt8], options: DecodeOptions = DecodeOptions()) throws(ImageDecodingError) -> GrayImage {
        guard !bytes.isEmpty else { throw .empty }
        let format = ImageFormat(sniffing: bytes)
        guard format.isDecodable else { throw .unsupportedFormat(format) }

        var codecOptions = dc_decode_options(
            max_pixels: UInt64(max(options.maxPixels, 0)),
            min_short_side: UInt32(clamping: options.minimumShortSide ?? 0))
        var decoded = dc_image()
        let status = bytes.withUnsafeBufferPointer { buffer in
            format == .png
                ? dc_decode_png(buffer.baseAddress, buffer.count, &codecOptions, &decoded)
                : dc_decode_jpeg(buffer.baseAddress, buffer.count, &codecOptions, &decoded)
        }
        guard status == DC_OK else {
            let message = withUnsafeBytes(of: decoded.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            switch status {
            case DC_ERROR_TOO_LARGE: throw .tooManyPixels(reason: message)
            case DC_ERROR_OUT_OF_MEMORY: throw .outOfMemory(reason: message)
            default: throw .corrupt(format, reason: message)
            }
        }
        defer { dc_image_free(&decoded) }

        let width = Int(decoded.width), height = Int(decoded.height)
        let image = GrayImage(width: width, height: height,
                              pixels: Array(UnsafeBufferPointer(start: decoded.pixels, count: width * height)))
        guard let exif = decoded.exif,
              let orientation = ExifOrientation(exif: UnsafeRawBufferPointer(start: exif, count: decoded.exif_size))
        else { return image }
        return image.applying(orientation)
    }
}
