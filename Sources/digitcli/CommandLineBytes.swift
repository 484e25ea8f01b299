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
        func escape(_ byte: UInt8) { result.append(Unicode.Scalar(escapeBase + UInt32(byte))!) }
        for piece in utf8Pieces(Array(bytes)) {
            switch piece {
            case .scalar(let scalar, _) where scalar.value < escapeBase: result.append(scalar)
            case .scalar(_, let sequence): sequence.forEach(escape)   // would look like an escape
            case .invalid(let byte): escape(byte)
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
}

extension BytePath {
    /// A path argument as ArgumentParser handed it over, with its bytes from argv restored.
    init(argument: String) {
        self.init(bytes: CommandLineBytes.bytes(of: argument))
    }
}
