/// What a file holds, told by its first bytes: the name of a file never decides.
public enum ImageFormat: String, Sendable, Equatable {
    case png = "PNG"
    case jpeg = "JPEG"
    // Recognised only to be refused by name.
    case gif = "GIF"
    case bmp = "BMP"
    case webp = "WebP"
    case tiff = "TIFF"
    case heic = "HEIC"
    case avif = "AVIF"
    case pdf = "PDF"
    case text
    case unknown

    public var isDecodable: Bool { self == .png || self == .jpeg }

    /// Sniffs the format from the leading bytes (a dozen are enough).
    public init<Bytes: Collection>(sniffing bytes: Bytes) where Bytes.Element == UInt8 {
        let head = Array(bytes.prefix(16))
        func starts(with signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        let ascii = { (text: String) in Array(text.utf8) }
        if starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if starts(with: ascii("GIF87a")) || starts(with: ascii("GIF89a")) {
            self = .gif
        } else if starts(with: ascii("BM")) {
            self = .bmp
        } else if starts(with: ascii("RIFF")) && starts(with: ascii("WEBP"), at: 8) {
            self = .webp
        } else if starts(with: [0x49, 0x49, 0x2A, 0x00]) || starts(with: [0x4D, 0x4D, 0x00, 0x2A]) {
            self = .tiff
        } else if starts(with: ascii("ftyp"), at: 4), head.count >= 12 {
            let brand = String(decoding: head[8..<12], as: UTF8.self)
            self = brand.hasPrefix("avi") ? .avif : .heic
        } else if starts(with: ascii("%PDF")) {
            self = .pdf
        } else if !head.isEmpty && head.allSatisfy({ $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || (0x20..<0x7F).contains($0) || $0 >= 0x80 }) {
            self = .text
        } else {
            self = .unknown
        }
    }
}
