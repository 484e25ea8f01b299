import ArgumentParser
import DigitCore

/// How `predict` prints each answer (documented in man/digitcli.1, OUTPUT FORMATS).
enum PredictionFormat: String, ExpressibleByArgument, CaseIterable {
    /// `photo.png: 7 (98.7%)`; `photo.png: unsure (7? 41.2%)`; `photo.png: no digit found`
    case text
    /// `path<TAB>digit<TAB>confidence`, digit being 0–9, `unsure` or `none`
    case tsv
    /// One JSON object per line: path, status (digit, unsure, no_digit), digit, confidence
    case jsonl
}

/// What became of one input.
enum PredictionResult: Sendable {
    /// The output line, what kind of answer it is, and the digit (the best guess when unsure).
    case answered(line: String, answer: PredictionFormatter.Answer, digit: Int?)
    case failed(path: BytePath, reason: String)
    /// A file met while walking a folder that is not an image, or a folder already read.
    case skipped(path: BytePath, reason: String)
}

struct PredictionFormatter: Sendable {
    let format: PredictionFormat
    let top: Int
    let probabilities: Bool
    let minimumConfidence: Float

    enum Answer: Sendable { case digit, unsure, noDigit }

    func answer(_ outcome: Predictor.Outcome) -> Answer {
        guard case .digit(let prediction, _) = outcome else { return .noDigit }
        return prediction.confidence < minimumConfidence ? .unsure : .digit
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
            guard let prediction else { return "\(path): no digit found" }
            let ranked = prediction.top(max(top, 1))
            let rest = ranked.dropFirst().map { ", \($0.digit) (\(percent($0.probability)))" }.joined()
            if state == .unsure { return "\(path): unsure (\(prediction.digit)? \(percent(prediction.confidence)))" + rest }
            return "\(path): \(prediction.digit) (\(percent(prediction.confidence)))" + rest
        case .tsv:
            let cleanPath = path.escaped
            guard let prediction else {
                return ([cleanPath, "none", ""] + Array(repeating: "", count: 2 * max(top - 1, 0))).joined(separator: "\t")
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
                fields += [("status", .string("no_digit")), ("digit", .null), ("confidence", .null)]
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

    private func percent(_ probability: Float) -> String { fixed(Double(probability) * 100, decimals: 1) + "%" }
}
