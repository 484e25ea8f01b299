import DigitCore

/// How predict writes each answer.
struct PredictionFormatter: Sendable {
    let format: AnswerFormat
    let top: Int
    let probabilities: Bool
    let minimumConfidence: Float

    func answer(_ outcome: Predictor.Outcome) -> BatchResult.Answer {
        switch outcome {
        case .digit(let prediction, _): prediction.confidence < minimumConfidence ? .unsure : .digit(prediction.digit)
        case .severalDigits: .several
        case .noDigit: .none
        }
    }

    var header: String {
        var columns = ["path", "digit", "confidence"]
        for rank in stride(from: 2, through: top, by: 1) { columns += ["digit_\(rank)", "confidence_\(rank)"] }
        return columns.joined(separator: "\t")
    }

    func line(path: BytePath, outcome: Predictor.Outcome) -> String {
        let prediction: Prediction? = if case .digit(let p, _) = outcome { p } else { nil }
        let state = answer(outcome)
        switch format {
        case .text:
            let path = path.escaped
            if case .severalDigits(let count) = outcome { return "\(path): several digits (\(count) found; use 'digitcli read')" }
            guard let prediction else { return "\(path): no digit found" }
            let ranked = prediction.top(max(top, 1))
            let rest = ranked.dropFirst().map { ", \($0.digit) (\(percent($0.probability)))" }.joined()
            if state == .unsure { return "\(path): unsure (\(prediction.digit)? \(percent(prediction.confidence)))" + rest }
            return "\(path): \(prediction.digit) (\(percent(prediction.confidence)))" + rest
        case .tsv:
            let cleanPath = path.escaped
            guard let prediction else {
                let answer = state == .several ? "several" : "none"
                return ([cleanPath, answer, ""] + Array(repeating: "", count: 2 * max(top - 1, 0))).joined(separator: "\t")
            }
            var columns = [cleanPath, state == .unsure ? "unsure" : "\(prediction.digit)", fixed(Double(prediction.confidence), decimals: 4)]
            for ranked in prediction.top(top).dropFirst() { columns += ["\(ranked.digit)", fixed(Double(ranked.probability), decimals: 4)] }
            return columns.joined(separator: "\t")
        case .jsonl:
            var fields = path.jsonFields
            switch (state, prediction) {
            case (.digit, let prediction?):
                fields += [("status", .string("digit")), ("digit", .integer(prediction.digit)), ("confidence", .number(Double(prediction.confidence)))]
            case (.unsure, let prediction?):
                fields += [("status", .string("unsure")), ("digit", .null), ("guess", .integer(prediction.digit)),
                           ("confidence", .number(Double(prediction.confidence)))]
            default:
                if case .severalDigits(let count) = outcome {
                    fields += [("status", .string("several")), ("digit", .null), ("confidence", .null), ("digits_found", .integer(count))]
                } else {
                    fields += [("status", .string("no_digit")), ("digit", .null), ("confidence", .null)]
                }
            }
            if let prediction, top > 1 {
                fields.append(("top", .array(prediction.top(top).map {
                    .object([("digit", .integer($0.digit)), ("probability", .number(Double($0.probability)))])
                })))
            }
            if let prediction, probabilities {
                fields.append(("probabilities", .array(prediction.probabilities.map { .number(Double($0)) })))
            }
            return JSON.object(fields).text
        }
    }
}

/// A probability as predict and read print it: `98.7%`.
func percent(_ probability: Float) -> String { fixed(Double(probability) * 100, decimals: 1) + "%" }
