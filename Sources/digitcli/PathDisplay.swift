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
        for piece in utf8Pieces(bytes) {
            switch piece {
            case .scalar("\\", _): result += "\\\\"
            case .scalar("\t", _): result += "\\t"
            case .scalar("\n", _): result += "\\n"
            case .scalar("\r", _): result += "\\r"
            case .scalar(let scalar, let sequence) where scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value):
                sequence.forEach { result += hexEscape($0) }   // other control characters, DEL, C1 controls
            case .scalar(let scalar, _): result.unicodeScalars.append(scalar)
            case .invalid(let byte): result += hexEscape(byte)
            }
        }
        return result
    }

    /// The path's JSON fields: `path`, and `path_base64` for bytes that are not UTF-8.
    var jsonFields: [(String, JSON)] {
        isValidUTF8 ? [("path", .string(description))]
            : [("path", .string(description)), ("path_base64", .string(base64(bytes)))]
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
