/// Just enough JSON for digitcli's output (objects with string, number, array values), without Foundation.
enum JSON {
    case string(String)
    case number(Double)
    case integer(Int)
    case array([JSON])
    case object([(String, JSON)])
    case null

    var text: String {
        switch self {
        case .string(let value): return Self.quoted(value)
        case .number(let value): return value.isFinite ? fixed(value, decimals: 6).trimmingTrailingZeros() : "null"
        case .integer(let value): return String(value)
        case .array(let values): return "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let fields): return "{" + fields.map { Self.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        case .null: return "null"
        }
    }

    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

extension String {
    /// "0.500000" → "0.5", "3.000000" → "3".
    func trimmingTrailingZeros() -> String {
        guard contains(".") else { return self }
        var result = self
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
        return result
    }
}
