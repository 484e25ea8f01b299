import ArgumentParser
import DigitCore

#if canImport(Glibc)
import Glibc
#endif

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Say which digit each image shows, and how sure.",
        discussion: """
            Reads PNG and JPEG files (told by content, not name), folders with -r, and lists of paths on \
            stdin with '-'. Prints one line per image, in input order, as soon as it is known. Errors go to \
            stderr, one line per file, and the other files are still read. Exit status: 0 all predicted, \
            1 some files failed, 2 usage error, 3 some answers unsure, no digit found, or several digits \
            found (and none failed). An image of several digits in a row is not answered with one of them: \
            it is 'several digits', and 'digitcli read' reads them.
            """
    )

    @OptionGroup var input: InputOptions

    @OptionGroup var model: ModelOptions

    @OptionGroup var image: ImageOptions

    @OptionGroup var answers: AnswerOptions

    @Flag(name: .long, help: "With --format jsonl, include all ten probabilities.")
    var probabilities = false

    @Option(name: .long, help: ArgumentHelp("Also give the k most probable digits with their probabilities.", valueName: "k"))
    var top = 1

    @Option(name: .long, help: ArgumentHelp("Below this confidence (0–1) the answer is 'unsure'.", valueName: "p"))
    var minConfidence: Float = PredictCommand.defaultMinimumConfidence

    @OptionGroup var progressOptions: ProgressOptions

    static let defaultMinimumConfidence: Float = 0.5

    func validate() throws {
        guard (1...10).contains(top) else { throw ValidationError("--top must be from 1 to 10") }
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be from 0 to 1") }
    }

    func run() throws {
        let predictor = image.predictor(for: try model.load())
        let formatter = PredictionFormatter(format: answers.format, top: top, probabilities: probabilities, minimumConfidence: minConfidence)
        answers.writeHeader(formatter.header)
        let tally = runBatch(input, progress: progressOptions, counting: .digits, batchSize: Predictor.batchSize,
                             makeState: { predictor.makeWorkspace() }) { inputs, workspace in
            answering(inputs, by: { predictor.predict(files: $0, workspace: workspace) }) { path, outcome in
                .answered(line: formatter.line(path: path, outcome: outcome), answer: formatter.answer(outcome))
            }
        }
        if tally.exitStatus != ExitStatus.success { throw ExitCode(tally.exitStatus) }
    }
}
