import CImageCodec

#if canImport(Glibc)
import Glibc
#endif

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

/// A decoded image and the size of the picture it shows: a large JPEG decodes at a reduced size.
public struct DecodedImage: Sendable {
    /// Upright (EXIF orientation applied), at the size decoded.
    public let image: GrayImage
    /// The picture's upright size as stored in the file.
    public let sourceWidth: Int
    public let sourceHeight: Int
}

/// Decodes PNG and JPEG files into upright 8-bit grayscale images through libpng and libjpeg.
public enum ImageDecoder {
    /// The read buffer of a streamed decode: what it costs on top of the decoded image.
    public static let readBufferBytes = 64 * 1024

    /// Decodes the image file at `path`, streaming: the file is read a buffer at a time as the decoder
    /// asks, so memory is bounded by the decoded image, not by the file, and a pipe or a device that
    /// does not start like an image is refused after its first bytes.
    public static func decode(contentsOf path: BytePath, options: DecodeOptions = DecodeOptions()) throws(ImageDecodingError) -> GrayImage {
        try decodeWithSourceSize(contentsOf: path, options: options).image
    }

    /// The same, with the size of the picture as stored (for boxes in its pixels).
    public static func decodeWithSourceSize(contentsOf path: BytePath, options: DecodeOptions = DecodeOptions()) throws(ImageDecodingError) -> DecodedImage {
        let descriptor = path.withCString { open($0, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw .isDirectory }
        // A regular file's declared size is refused unread; other files are held to the limit as they are read.
        if (status.st_mode & S_IFMT) == S_IFREG && Int(status.st_size) > options.maxFileBytes {
            throw .fileTooLarge(bytes: Int(status.st_size), limit: options.maxFileBytes)
        }
        var stream = dc_stream()
        guard dc_stream_init_fd(&stream, descriptor, UInt64(max(options.maxFileBytes, 0)), readBufferBytes) == 0 else {
            throw .outOfMemory(reason: "no room for a read buffer")
        }
        defer { dc_stream_free(&stream) }
        return try decode(&stream, options: options)
    }

    /// Decodes the image file at a path given as text.
    public static func decode(contentsOf path: String, options: DecodeOptions = DecodeOptions()) throws(ImageDecodingError) -> GrayImage {
        try decode(contentsOf: BytePath(path), options: options)
    }

    /// Decodes an image held in memory; the format is told by content, never by name.
    public static func decode(_ bytes: [UInt8], options: DecodeOptions = DecodeOptions()) throws(ImageDecodingError) -> GrayImage {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(ImageDecodingError) -> GrayImage in
                var stream = dc_stream()
                dc_stream_init_memory(&stream, buffer.baseAddress, buffer.count)
                return try decode(&stream, options: options).image
            }
        }
        return try result.get()
    }

    private static func decode(_ stream: inout dc_stream, options: DecodeOptions) throws(ImageDecodingError) -> DecodedImage {
        var decoded = dc_image()
        let available = dc_stream_peek(&stream, 16)
        if let error = streamFailure(&stream) { throw error }
        guard available > 0 else { throw .empty }
        let format = ImageFormat(sniffing: UnsafeBufferPointer(start: stream.data + stream.position, count: available))
        guard format.isDecodable else { throw .unsupportedFormat(format) }

        var codecOptions = dc_decode_options(
            max_pixels: UInt64(max(options.maxPixels, 0)),
            min_short_side: UInt32(clamping: options.minimumShortSide ?? 0))
        let status = format == .png
            ? dc_decode_png(&stream, &codecOptions, &decoded)
            : dc_decode_jpeg(&stream, &codecOptions, &decoded)
        guard status == DC_OK else {
            let message = text(of: decoded.message)
            switch status {
            case DC_ERROR_TOO_LARGE: throw .tooManyPixels(reason: message)
            case DC_ERROR_OUT_OF_MEMORY: throw .outOfMemory(reason: message)
            case DC_ERROR_READ: throw .unreadable(reason: message)
            case DC_ERROR_FILE_TOO_LARGE: throw .readBeyondLimit(limit: Int(stream.limit))
            default: throw .corrupt(format, reason: message)
            }
        }
        defer { dc_image_free(&decoded) }

        let width = Int(decoded.width), height = Int(decoded.height)
        let image = GrayImage(width: width, height: height,
                              pixels: Array(UnsafeBufferPointer(start: decoded.pixels, count: width * height)))
        let (sourceWidth, sourceHeight) = (Int(decoded.source_width), Int(decoded.source_height))
        guard let exif = decoded.exif,
              let orientation = ExifOrientation(exif: UnsafeRawBufferPointer(start: exif, count: decoded.exif_size))
        else { return DecodedImage(image: image, sourceWidth: sourceWidth, sourceHeight: sourceHeight) }
        // Orientations 5-8 turn the picture a quarter: its upright width is the stored height.
        let turned = orientation.rawValue >= ExifOrientation.leftMirrored.rawValue
        return DecodedImage(image: image.applying(orientation),
                            sourceWidth: turned ? sourceHeight : sourceWidth, sourceHeight: turned ? sourceWidth : sourceHeight)
    }

    /// A failed read or the byte limit met while sniffing.
    private static func streamFailure(_ stream: inout dc_stream) -> ImageDecodingError? {
        var message = [CChar](repeating: 0, count: Int(DC_MESSAGE_CAPACITY))
        switch dc_stream_failure(&stream, &message) {
        case DC_ERROR_READ: return .unreadable(reason: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        case DC_ERROR_FILE_TOO_LARGE: return .readBeyondLimit(limit: Int(stream.limit))
        default: return nil
        }
    }

    /// The codec's NUL-terminated message (a fixed-size C array) as text.
    private static func text<Buffer>(of buffer: Buffer) -> String {
        withUnsafeBytes(of: buffer) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
