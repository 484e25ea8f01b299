import CImageCodec

/// Gray images to PNG files, through libpng (for `show --png`).
public enum PNGEncoder {
    public struct Error: Swift.Error, CustomStringConvertible {
        public let description: String
    }

    public static func encode(_ image: GrayImage) throws(Error) -> [UInt8] {
        var data: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: Int(DC_MESSAGE_CAPACITY))
        let status = image.pixels.withUnsafeBufferPointer {
            dc_encode_png_gray8($0.baseAddress, UInt32(image.width), UInt32(image.height), &data, &size, &message)
        }
        guard status == DC_OK, let data else {
            throw Error(description: String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        defer { dc_free(data) }
        return Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// Writes the image as a PNG file, atomically.
    public static func write(_ image: GrayImage, to path: String) throws(Error) {
        let bytes = try encode(image)
        do {
            try writeAtomically(bytes, to: path)
        } catch {
            throw Error(description: error.reason)
        }
    }
}
