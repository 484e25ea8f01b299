/// A file path as the system keeps it: bytes, which need not be UTF-8 (a Latin-1 name unpacked from
/// an old archive is `caf\xE9.jpg`). Paths stay bytes from where they are read (the command line,
/// stdin, a directory) to where the file is opened; only output turns them into text.
public struct BytePath: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The path's bytes, without a terminating NUL.
    public let bytes: [UInt8]

    public init<Bytes: Sequence<UInt8>>(bytes: Bytes) {
        self.bytes = Array(bytes)
    }

    /// A path given as text: its UTF-8.
    public init(_ string: String) {
        bytes = Array(string.utf8)
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// The path with `name` (a directory entry's bytes) added after a slash.
    public func appending<Name: Collection<UInt8>>(component name: Name) -> BytePath {
        BytePath(bytes: bytes.last == UInt8(ascii: "/") ? bytes + name : bytes + [UInt8(ascii: "/")] + name)
    }

    /// Whether the bytes are valid UTF-8, i.e. print as they are.
    public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }

    /// The path as text, with U+FFFD in place of bytes that are not UTF-8: for messages only, never
    /// to open the file again.
    public var description: String { String(decoding: bytes, as: UTF8.self) }

    /// Calls `body` with the path as a NUL-terminated C string, for open(), stat() and the like.
    public func withCString<Result>(_ body: (UnsafePointer<CChar>) throws -> Result) rethrows -> Result {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }
}

/// A piece of a byte string read as UTF-8: a scalar with the bytes it took, or one byte that is not
/// part of valid UTF-8. The pieces always give the bytes back, which U+FFFD replacement does not.
public enum UTF8Piece: Equatable, Sendable {
    case scalar(Unicode.Scalar, bytes: ArraySlice<UInt8>)
    case invalid(UInt8)
}

/// `bytes` as UTF-8 scalars and the bytes between them that are not valid UTF-8, in order.
public func utf8Pieces(_ bytes: [UInt8]) -> [UTF8Piece] {
    var pieces: [UTF8Piece] = []
    var index = 0
    while index < bytes.count {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
        if length > 0, index + length <= bytes.count {
            let sequence = bytes[index..<index + length]
            var iterator = sequence.makeIterator()
            var decoder = UTF8()
            if case .scalarValue(let scalar) = decoder.decode(&iterator), iterator.next() == nil {
                pieces.append(.scalar(scalar, bytes: sequence))
                index += length
                continue
            }
        }
        pieces.append(.invalid(lead))
        index += 1
    }
    return pieces
}
