import DigitCore

/// How `read` writes each answer (documented in man/digitcli.1, OUTPUT FORMATS).
struct ReadingFormatter: Sendable {
    let format: AnswerFormat
    let top: Int
    let minimumConfidence: Float

    func answer(_ reading: Reading) -> BatchResult.Answer {
        if reading.lines.isEmpty { return .none }
        return reading.weakestDigit < minimumConfidence ? .unsure : .number
    }

    var header: String { ["path", "number", "confidence", "digit_confidences"].joined(separator: "\t") }

    func line(path: BytePath, reading: Reading) -> String {
        let state = answer(reading)
        switch format {
        case .text:
            switch state {
            case .none: return "\(path.escaped): no number found"
            case .unsure: return "\(path.escaped): unsure (\(reading.text)? \(percent(reading.confidence)))"
            default: return "\(path.escaped): \(reading.text) (\(percent(reading.confidence)))"
            }
        case .tsv:
            guard state != .none else { return [path.escaped, "none", "", ""].joined(separator: "\t") }
            // The digits' confidences line by line, as the numbers are.
            let perDigit = reading.lines.map { $0.digits.map { fixed(Double($0.prediction.confidence), decimals: 4) }.joined(separator: ",") }
            return [path.escaped, state == .unsure ? "unsure" : reading.text, fixed(Double(reading.confidence), decimals: 4),
                    perDigit.joined(separator: " ")].joined(separator: "\t")
        case .jsonl:
            var fields = path.jsonFields
            switch state {
            case .none:
                fields += [("status", .string("no_number")), ("number", .null), ("confidence", .null)]
            case .unsure:
                fields += [("status", .string("unsure")), ("number", .null), ("guess", .string(reading.text)),
                           ("confidence", .number(Double(reading.confidence)))]
            default:
                fields += [("status", .string("number")), ("number", .string(reading.text)), ("confidence", .number(Double(reading.confidence)))]
            }
            var digits: [JSON] = []
            var lines: [JSON] = []
            for (index, line) in reading.lines.enumerated() {
                lines.append(.object([("number", .string(line.text)), ("confidence", .number(Double(line.confidence)))]))
                for digit in line.digits {
                    var object: [(String, JSON)] = [("digit", .integer(digit.prediction.digit)),
                                                    ("confidence", .number(Double(digit.prediction.confidence)))]
                    if top > 1 {
                        object.append(("top", .array(digit.prediction.top(top).map {
                            .object([("digit", .integer($0.digit)), ("probability", .number(Double($0.probability)))])
                        })))
                    }
                    let box = digit.box
                    object += [("box", .array([box.x, box.y, box.width, box.height].map { .integer($0) })), ("line", .integer(index))]
                    digits.append(.object(object))
                }
            }
            fields += [("digits", .array(digits)), ("lines", .array(lines))]
            return JSON.object(fields).text
        }
    }
}
