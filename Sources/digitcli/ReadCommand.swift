import ArgumentParser
import DigitCore

struct ReadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Read the whole number in each image, every digit in order.",
        discussion: """
            Inputs as for predict. Finds every digit: lines of digits top to bottom, each left to right, \
            touching digits cut apart by recognition. A number's confidence is the product of its digits'. \
            Several lines give several numbers, separated by one space. A dot between two digits on their \
            baseline is a decimal point; commas, dashes, signs, frames and ruled lines are left out. \
            Exit status as for predict: 3 when some number is unsure or none is found.
            """
    )

    @OptionGroup var input: InputOptions

    @OptionGroup var model: ModelOptions

    @OptionGroup var image: ImageOptions

    @OptionGroup var answers: AnswerOptions

    @Option(name: .long, help: ArgumentHelp("With --format jsonl, give each digit's k most probable readings.", valueName: "k"))
    var top = 1

    @Option(name: .long, help: ArgumentHelp("A number with any digit below this confidence (0–1) is 'unsure'.", valueName: "p"))
    var minConfidence: Float = PredictCommand.defaultMinimumConfidence

    @OptionGroup var progressOptions: ProgressOptions

    func validate() throws {
        guard (1...10).contains(top) else { throw ValidationError("--top must be from 1 to 10") }
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be from 0 to 1") }
    }

    func run() throws {
        let reader = try image.reader(for: try model.load())
        let formatter = ReadingFormatter(format: answers.format, top: top, minimumConfidence: minConfidence)
        answers.writeHeader(formatter.header)
        let tally = runBatch(input, progress: progressOptions, counting: .numbers, batchSize: Self.batchSize,
                             makeState: { reader.makeWorkspace() }) { inputs, workspace in
            answering(inputs, by: { reader.read(files: $0, workspace: workspace) }) { path, reading in
                .answered(line: formatter.line(path: path, reading: reading), answer: formatter.answer(reading))
            }
        }
        if tally.exitStatus != ExitStatus.success { throw ExitCode(tally.exitStatus) }
    }

    /// Files read by one worker at a time: fewer than predict's, each holding several digits.
    static let batchSize = 4
}
