import ArgumentParser
import DigitCore

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Say which digit each image shows, and how sure.",
        discussion: """
            Reads PNG and JPEG files (told by content, not name), folders with -r, and lists of paths on \
            stdin with '-'. Prints one line per image, in input order, as soon as it is known. Errors go to \
            stderr, one line per file, and the other files are still read. Exit status: 0 all predicted, \
            1 some files failed, 2 usage error, 3 some answers unsure or no digit found (and none failed).
            """
    )

    @Argument(help: ArgumentHelp("Image files, folders (with -r), or '-' for paths on stdin.", valueName: "file|dir|-"))
    var inputs: [String] = []

    @Flag(name: [.short, .long], help: "Read the images in folders, and in their subfolders.")
    var recursive = false

    @Flag(name: .customShort("0"), help: "Paths on stdin are NUL-separated (as find -print0 writes), not one per line.")
    var nulSeparated = false

    @OptionGroup var model: ModelOptions

    @Option(name: [.short, .long], help: "Output format: text, tsv or jsonl.")
    var format: PredictionFormat = .text

    @Flag(name: .long, help: "With --format tsv, print a header line first.")
    var header = false

    @Flag(name: .long, help: "With --format jsonl, include all ten probabilities.")
    var probabilities = false

    @Option(name: .long, help: ArgumentHelp("Also give the k most probable digits with their probabilities.", valueName: "k"))
    var top = 1

    @Option(name: .long, help: ArgumentHelp("Below this confidence (0–1) the answer is 'unsure'.", valueName: "p"))
    var minConfidence: Float = PredictCommand.defaultMinimumConfidence

    @Option(name: [.short, .long], help: ArgumentHelp("Images read in parallel. Default: one per core.", valueName: "n"))
    var jobs: Int = processorCount

    static let defaultMinimumConfidence: Float = 0.5

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one image, folder, or '-' to read paths from stdin") }
        guard (1...10).contains(top) else { throw ValidationError("--top must be from 1 to 10") }
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be from 0 to 1") }
        guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be from 1 to 256") }
    }

    func run() throws {
        let predictor = Predictor(model: try model.load())
        let formatter = PredictionFormatter(format: format, top: top, probabilities: probabilities, minimumConfidence: minConfidence)
        if header && format == .tsv { StandardOutput.writeLine(formatter.header) }

        let pipeline = OrderedPipeline<Input, PredictionResult, Workspace>(
            workers: jobs, window: 64 * jobs, makeState: { predictor.makeWorkspace() }
        ) { input, workspace in
            switch input {
            case .error(let path, let reason):
                return .failed(path: path, reason: reason)
            case .file(let path, let fromDirectory):
                do throws(ImageDecodingError) {
                    return .answered(path: path, try predictor.predict(file: path, workspace: workspace))
                } catch {
                    switch error {
                    case .unsupportedFormat, .empty: if fromDirectory { return .skipped(path: path, reason: error.description) }
                    default: break
                    }
                    return .failed(path: path, reason: error.description)
                }
            }
        }
        var tally = (failed: 0, uncertain: 0)
        func emit(_ result: PredictionResult) {
            switch result {
            case .answered(let path, let outcome):
                if formatter.answer(outcome) != .digit { tally.uncertain += 1 }
                StandardOutput.writeLine(formatter.line(path: path, outcome: outcome))
            case .failed(let path, let reason):
                tally.failed += 1
                writeStandardError("digitcli: \(path): \(reason)\n")
            case .skipped(let path, let reason):
                writeStandardError("digitcli: note: skipped \(path): \(reason)\n")
            }
        }
        for input in InputPaths(arguments: inputs, recursive: recursive, nulSeparated: nulSeparated) {
            pipeline.submit(input)
            while let result = pipeline.next(wait: false) { emit(result) }
        }
        pipeline.close()
        while let result = pipeline.next(wait: true) { emit(result) }
        if tally.failed > 0 { throw ExitCode(ExitStatus.failure) }
        if tally.uncertain > 0 { throw ExitCode(ExitStatus.uncertain) }
    }
}
