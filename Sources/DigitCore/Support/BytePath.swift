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
    public var isValidUTF8: Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

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
