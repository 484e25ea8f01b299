import ArgumentParser
import DigitCore

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a model on the MNIST test set.",
        discussion: "Prints accuracy, mean loss, the confusion matrix, per-class precision and recall, the expected calibration error (15 bins) and the throughput."
    )

    @OptionGroup var data: DataOptions

    @OptionGroup var model: ModelOptions

    @OptionGroup var threads: ThreadOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: OutputFormat = .text

    @OptionGroup var progressOptions: ProgressOptions

    func run() throws {
        let loaded = try model.load()
        let test = try data.load(.test)
        // Images through each member of the model, counted as the worker threads finish batches.
        let progress = SharedProgress(ProgressLine(enabled: progressOptions.enabled, total: test.count * loaded.networks.count),
                                      unit: "images")
        let onBatch: (@Sendable (Int) -> Void)? = progressOptions.enabled ? { @Sendable count in progress.advance(by: count) } : nil
        let evaluation = loaded.evaluate(on: test, threads: threads.threads, progress: onBatch)
        progress.clear()
        switch format {
        case .text: print(report(evaluation, model: loaded), terminator: "")
        case .json: print(json(evaluation, model: loaded).text)
        }
    }

    func report(_ evaluation: Evaluation, model loaded: Model) -> String {
        func percent(_ value: Double) -> String { fixed(100 * value, decimals: 2) + "%" }
        func padded(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var text = """
            model:        \(model.model) (\(loaded.summary))
            images:       \(evaluation.count)
            accuracy:     \(percent(evaluation.accuracy)) (\(evaluation.correct) correct)
            mean loss:    \(fixed(evaluation.meanLoss, decimals: 4))
            ECE:          \(percent(evaluation.expectedCalibrationError)) (15 bins)
            throughput:   \(Int(evaluation.imagesPerSecond)) images/s (\(threads.threads) threads)

            confusion matrix (rows: true digit, columns: predicted)

            """
        text += "     " + (0..<10).map { padded("\($0)", 6) }.joined() + "\n"
        for digit in 0..<10 {
            text += padded("\(digit)", 5) + evaluation.confusion[digit].map { padded("\($0)", 6) }.joined() + "\n"
        }
        text += "\ndigit  precision  recall\n"
        for digit in 0..<10 {
            text += padded("\(digit)", 5) + padded(percent(evaluation.precision(digit)), 11) + padded(percent(evaluation.recall(digit)), 8) + "\n"
        }
        return text
    }

    func json(_ evaluation: Evaluation, model loaded: Model) -> JSON {
        .object([
            ("model", .string(model.model)),
            ("architecture", .string(loaded.architecture.description)),
            ("members", .integer(loaded.networks.count)),
            ("parameters", .integer(loaded.parameterCount)),
            ("images", .integer(evaluation.count)),
            ("correct", .integer(evaluation.correct)),
            ("accuracy", .number(evaluation.accuracy)),
            ("mean_loss", .number(evaluation.meanLoss)),
            ("ece", .number(evaluation.expectedCalibrationError)),
            ("images_per_second", .number(evaluation.imagesPerSecond.rounded())),
            ("threads", .integer(threads.threads)),
            ("confusion", .array(evaluation.confusion.map { .array($0.map { .integer($0) }) })),
            ("precision", .array((0..<10).map { .number(evaluation.precision($0)) })),
            ("recall", .array((0..<10).map { .number(evaluation.recall($0)) })),
        ])
    }
}
