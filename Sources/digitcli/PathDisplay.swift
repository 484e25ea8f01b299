import DigitCore

/// How paths are printed (man/digitcli.1, OUTPUT FORMATS): text, TSV and messages show a path as its
/// UTF-8 with C escapes for what would break a line or a column or is not UTF-8 (`\\`, `\t`, `\n`,
/// `\r`, `\xHH`), so that every output line stands for exactly one path's bytes. JSON Lines gives the
/// path as a JSON string and, when its bytes are not UTF-8, those bytes in base64 as well.
extension BytePath {
    /// The path for text and TSV output and for error lines.
    var escaped: String {
        if !bytes.contains(where: { $0 < 0x20 || $0 == 0x5C || $0 >= 0x7F }) { return description }
        var result = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x5C: result += "\\\\"
            case 0x09: result += "\\t"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(byte))
            case 0x80...:
                if let (scalar, length) = scalar(at: index) {
                    result.unicodeScalars.append(scalar)
                    index += length
                    continue
                }
                result += hexEscape(byte)
            default: result += hexEscape(byte)   // other control characters, DEL
            }
            index += 1
        }
        return result
    }

    /// The path's JSON fields: `path`, and `path_base64` for bytes that are not UTF-8.
    var jsonFields: [(String, JSON)] {
        isValidUTF8 ? [("path", .string(description))]
            : [("path", .string(description)), ("path_base64", .string(base64(bytes)))]
    }

    /// The UTF-8 scalar that starts at `index`, and its length in bytes, if the bytes there are valid.
    private func scalar(at index: Int) -> (Unicode.Scalar, Int)? {
        for length in 2...4 where index + length <= bytes.count {
            var iterator = bytes[index..<index + length].makeIterator()
            var decoder = UTF8()
            if case .scalarValue(let scalar) = decoder.decode(&iterator), iterator.next() == nil, scalar.value >= 0xA0 {
                return (scalar, length)
            }
        }
        return nil
    }

    private func hexEscape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}

/// Standard base64 (RFC 4648, with padding), as `base64 -d` reads it.
func base64(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count + 2) / 3 * 4)
    for start in stride(from: 0, to: bytes.count, by: 3) {
        let chunk = bytes[start..<min(start + 3, bytes.count)]
        let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * $1.offset) }
        for position in 0..<4 {
            output.append(position <= chunk.count ? alphabet[Int(value >> (18 - 6 * position) & 63)] : UInt8(ascii: "="))
        }
    }
    return String(decoding: output, as: UTF8.self)
}
