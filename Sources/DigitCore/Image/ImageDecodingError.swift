/// Why an image could not be read. Each description is one sentence for a user, without the file name
/// (the caller puts that in front: `photo.png: unsupported format (GIF)`).
public enum ImageDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(reason: String)
    case isDirectory
    case empty
    case fileTooLarge(bytes: Int, limit: Int)
    /// A pipe or device gave more than the limit (its size is not known before reading).
    case readBeyondLimit(limit: Int)
    case unsupportedFormat(ImageFormat)
    case corrupt(ImageFormat, reason: String)
    case tooManyPixels(reason: String)
    case outOfMemory(reason: String)

    public var description: String {
        switch self {
        case .unreadable(let reason): "cannot read file: \(reason)"
        case .isDirectory: "is a directory, not an image"
        case .empty: "empty file"
        case .fileTooLarge(let bytes, let limit): "file too large: \(bytes) bytes is above the limit of \(limit)"
        case .readBeyondLimit(let limit): "file too large: more than the limit of \(limit) bytes"
        case .unsupportedFormat(.text): "unsupported format (text, not an image)"
        case .unsupportedFormat(.unknown): "unsupported format (not a PNG or JPEG image)"
        case .unsupportedFormat(let format): "unsupported format (\(format.rawValue))"
        case .corrupt(let format, let reason): "corrupt \(format.rawValue): \(reason)"
        case .tooManyPixels(let reason): "image too large: \(reason)"
        case .outOfMemory(let reason): "out of memory: \(reason)"
        }
    }
}
