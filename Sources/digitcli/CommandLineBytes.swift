#if canImport(Glibc)
import Glibc
#endif
import DigitCore

/// The command line as ArgumentParser needs it (Swift strings) without losing the bytes of a file
/// name that is not UTF-8. Each argument is decoded as UTF-8; a byte that is not part of valid UTF-8
/// becomes the private-use scalar U+10FF00 + byte, and so do the bytes of any scalar already in
/// U+10FF00...U+10FFFF, so that `BytePath(argument:)` turns the string back into exactly the bytes
/// of argv (as Python's "surrogateescape" does, in a range Swift strings allow).
enum CommandLineBytes {
    private static let escapeBase: UInt32 = 0x10FF00

    /// Every argument after the program name.
    static func arguments() -> [String] {
        (1..<Int(CommandLine.argc)).map { index in
            let argument = CommandLine.unsafeArgv[index]!
            return losslessString(UnsafeRawBufferPointer(start: argument, count: strlen(argument)))
        }
    }

    static func losslessString(_ bytes: UnsafeRawBufferPointer) -> String {
        var result = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let length = validSequenceLength(bytes, at: index)
            if length > 0, let scalar = decodeScalar(bytes[index..<index + length]), scalar.value < escapeBase {
                result.append(scalar)
                index += length
            } else {
                // An invalid byte, or the first byte of a scalar that would look like an escape.
                for byte in bytes[index..<index + max(length, 1)] { result.append(Unicode.Scalar(escapeBase + UInt32(byte))!) }
                index += max(length, 1)
            }
        }
        return String(result)
    }

    /// The bytes a string from `arguments()` stands for.
    static func bytes(of argument: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in argument.unicodeScalars {
            if scalar.value >= escapeBase {
                bytes.append(UInt8(scalar.value - escapeBase))
            } else {
                bytes += Array(String(scalar).utf8)
            }
        }
        return bytes
    }

    /// Length of the valid UTF-8 sequence starting at `index`, or 0.
    private static func validSequenceLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
        let lead = bytes[index]
        let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3 : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
        guard length > 0, index + length <= bytes.count else { return 0 }
        return decodeScalar(bytes[index..<index + length]) == nil ? 0 : length
    }

    private static func decodeScalar(_ bytes: Slice<UnsafeRawBufferPointer>) -> Unicode.Scalar? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator), iterator.next() == nil else { return nil }
        return scalar
    }
}

extension BytePath {
    /// A path argument as ArgumentParser handed it over, with its bytes from argv restored.
    init(argument: String) {
        self.init(bytes: CommandLineBytes.bytes(of: argument))
    }
}
