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
            1 some files failed, 2 usage error, 3 some answers unsure or no digit found (and none failed).
            """
    )

    @Argument(help: ArgumentHelp("Image files, folders (with -r), or '-' for paths on stdin.", valueName: "file|dir|-"))
    var inputs: [String] = []

    @Flag(name: [.short, .long], help: "Read the images in folders, and in their subfolders.")
    var recursive = false

    @Flag(name: [.customShort("L"), .long], help: "With -r, follow symbolic links to folders (each folder is read once, however many links lead to it).")
    var follow = false

    @Flag(name: .customShort("0"), help: "Paths on stdin are NUL-separated (as find -print0 writes), not one per line.")
    var nulSeparated = false

    @OptionGroup var model: ModelOptions

    @OptionGroup var image: ImageOptions

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
    var jobs: Int?

    @OptionGroup var progressOptions: ProgressOptions

    static let defaultMinimumConfidence: Float = 0.5

    func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("give at least one image, folder, or '-' to read paths from stdin") }
        guard (1...10).contains(top) else { throw ValidationError("--top must be from 1 to 10") }
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence must be from 0 to 1") }
        if let jobs, !(1...256).contains(jobs) { throw ValidationError("--jobs must be from 1 to 256") }
    }

    func run() throws {
        let jobs = self.jobs ?? processorCount
        let predictor = image.predictor(for: try model.load())
        let formatter = PredictionFormatter(format: format, top: top, probabilities: probabilities, minimumConfidence: minConfidence)
        if header && format == .tsv {
            var output = StandardOutput()
            output.append(line: formatter.header)
            output.flush()
        }

        let pipeline = OrderedPipeline<Input, PredictionResult, Workspace>(
            workers: jobs, batchSize: Predictor.batchSize, makeState: { predictor.makeWorkspace() }
        ) { inputs, workspace in
            Self.results(for: inputs, predictor: predictor, formatter: formatter, workspace: workspace)
        }
        var tally = BatchTally()
        var output = StandardOutput()
        var paths = InputPaths(arguments: inputs, recursive: recursive, followLinks: follow, nulSeparated: nulSeparated)
        var progress = ProgressLine(enabled: progressOptions.enabled)
        if progress.enabled { progress.total = paths.expandAll() }
        // Answers written to the same terminal as the progress line take it away first.
        let outputSharesTheTerminal = progress.enabled && isatty(STDOUT_FILENO) == 1
        func emit(_ result: PredictionResult) {
            tally.count(result)
            switch result {
            case .answered(let line, _, _):
                output.append(line: line)
            case .failed(let path, let reason):
                progress.clear()
                output.flush()   // keep stdout and stderr in input order on a terminal
                writeStandardError("digitcli: \(path.escaped): \(reason)\n")
            case .skipped(let path, let reason):
                progress.clear()
                output.flush()
                writeStandardError("digitcli: note: skipped \(path.escaped): \(reason)\n")
            }
        }
        /// Prints every result that is ready, in order, then writes them out at once; with `wait`,
        /// first waits for the next one.
        func drain(wait: Bool) {
            var ready = 0
            if wait, let result = pipeline.next(wait: true) {
                emit(result)
                ready += 1
            }
            while let result = pipeline.next(wait: false) {
                emit(result)
                ready += 1
            }
            if outputSharesTheTerminal { progress.clear() }
            output.flush()
            if ready > 0 { progress.advance(by: ready) }
        }
        // A bounded number of results may wait for their turn, so memory stays flat on long runs.
        let window = 64 * jobs
        while let input = paths.next() {
            pipeline.submit([input] + paths.takeFound(upTo: 2 * Predictor.batchSize - 1))
            drain(wait: pipeline.outstanding > window)
        }
        pipeline.close()
        while pipeline.outstanding > 0 { drain(wait: true) }
        if progress.enabled {
            progress.clear()
            writeStandardError(tally.summary(seconds: progress.elapsed) + "\n")
        }
        if tally.failed > 0 { throw ExitCode(ExitStatus.failure) }
        if tally.unsure + tally.noDigit > 0 { throw ExitCode(ExitStatus.uncertain) }
    }

    /// A worker's part: one batch of inputs read, predicted and formatted (on the worker thread, which
    /// keeps the main thread free for output).
    static func results(for inputs: [Input], predictor: Predictor, formatter: PredictionFormatter,
                        workspace: Workspace) -> [PredictionResult] {
        let files = inputs.compactMap { input -> BytePath? in
            if case .file(let path, _) = input { path } else { nil }
        }
        var outcomes = predictor.predict(files: files, workspace: workspace).makeIterator()
        return inputs.map { input in
            switch input {
            case .error(let path, let reason):
                return .failed(path: path, reason: reason)
            case .skipped(let path, let reason):
                return .skipped(path: path, reason: reason)
            case .file(let path, let fromDirectory):
                switch outcomes.next()! {
                case .success(let outcome):
                    let digit: Int? = if case .digit(let prediction, _) = outcome { prediction.digit } else { nil }
                    return .answered(line: formatter.line(path: path, outcome: outcome), answer: formatter.answer(outcome), digit: digit)
                case .failure(.unsupportedFormat(let format)) where fromDirectory:
                    return .skipped(path: path, reason: ImageDecodingError.unsupportedFormat(format).description)
                case .failure(.empty) where fromDirectory:
                    return .skipped(path: path, reason: ImageDecodingError.empty.description)
                case .failure(let error):
                    return .failed(path: path, reason: error.description)
                }
            }
        }
    }
}

/// What a batch came to, for the exit status and the closing summary.
struct BatchTally {
    var perDigit = [Int](repeating: 0, count: 10)
    var unsure = 0
    var noDigit = 0
    var failed = 0
    var skipped = 0

    var files: Int { perDigit.reduce(0, +) + unsure + noDigit + failed + skipped }

    mutating func count(_ result: PredictionResult) {
        switch result {
        case .answered(_, .digit, let digit?): perDigit[digit] += 1
        case .answered(_, .unsure, _): unsure += 1
        case .answered: noDigit += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        }
    }

    /// `digitcli: 1,234 files in 3.2 s (385/s): 0: 120, 1: 130, ..., 9: 110; 5 unsure, 2 no digit, 1 failed`
    func summary(seconds: Double) -> String {
        var text = "digitcli: \(grouped(files)) files in \(fixed(seconds, decimals: 1)) s"
        if seconds > 0 { text += " (\(grouped(Int(Double(files) / seconds)))/s)" }
        text += ": " + perDigit.enumerated().map { "\($0.offset): \(grouped($0.element))" }.joined(separator: ", ")
        text += "; \(grouped(unsure)) unsure, \(grouped(noDigit)) no digit, \(grouped(failed)) failed"
        if skipped > 0 { text += ", \(grouped(skipped)) skipped" }
        return text
    }
}
