import DigitCore

#if canImport(Glibc)
import Glibc
#endif

/// What became of one input of `predict` or `read`.
enum BatchResult: Sendable {
    /// The output line, and what kind of answer it is.
    case answered(line: String, answer: Answer)
    case failed(path: BytePath, reason: String)
    /// A file met while walking a folder that is not an image, or a folder already read.
    case skipped(path: BytePath, reason: String)

    enum Answer: Sendable, Equatable {
        /// predict: a digit (the best guess when unsure is not counted here).
        case digit(Int)
        /// read: a number.
        case number
        case unsure
        /// No digit or number found.
        case none
        /// predict: an image that holds several digits.
        case several
    }

    /// The result of an input that is no file to read (an error or a note from the walk), else nil.
    init?(_ input: Input) {
        switch input {
        case .error(let path, let reason): self = .failed(path: path, reason: reason)
        case .skipped(let path, let reason): self = .skipped(path: path, reason: reason)
        case .file: return nil
        }
    }

    /// A file that failed to decode: met in a folder, files that are no image are passed over with a note.
    init(_ error: ImageDecodingError, path: BytePath, fromDirectory: Bool) {
        switch error {
        case .unsupportedFormat where fromDirectory, .empty where fromDirectory: self = .skipped(path: path, reason: error.description)
        default: self = .failed(path: path, reason: error.description)
        }
    }
}

/// A worker's part for predict and read: the batch's files answered by `answer`, all at once (the network
/// runs over them in one batch), each answer written by `line`; errors and notes from the walk pass through,
/// and a file in a folder that is no image is skipped with a note. On the worker thread, which keeps the
/// main thread free for output.
func answering<Answer>(_ inputs: [Input], by answer: ([BytePath]) -> [Result<Answer, ImageDecodingError>],
                       line: (BytePath, Answer) -> BatchResult) -> [BatchResult] {
    let files = inputs.compactMap { input -> BytePath? in
        if case .file(let path, _) = input { path } else { nil }
    }
    var answers = answer(files).makeIterator()
    return inputs.map { input in
        if let result = BatchResult(input) { return result }
        guard case .file(let path, let fromDirectory) = input else { preconditionFailure("files only") }
        switch answers.next()! {
        case .success(let answer): return line(path, answer)
        case .failure(let error): return BatchResult(error, path: path, fromDirectory: fromDirectory)
        }
    }
}

/// Runs a batch command's inputs through `work` on `jobs` threads (`batchSize` inputs at a time, each thread
/// with its own `State`; a single file named on the command line on this thread), and writes each result in
/// input order as soon as it and all before it are known: answers to stdout, errors and notes to stderr,
/// progress on stderr when it is a terminal. Returns the tally.
func runBatch<State>(_ input: InputOptions, progress progressOptions: ProgressOptions, counting: BatchTally.Counting, batchSize: Int,
                     makeState: @escaping @Sendable () -> State,
                     work: @escaping @Sendable ([Input], State) -> [BatchResult]) -> BatchTally {
    var tally = BatchTally(counting: counting)
    var output = StandardOutput()
    var paths = input.paths()
    var progress = ProgressLine(enabled: progressOptions.enabled)
    if progress.enabled { progress.total = paths.expandAll() }
    // Answers written to the same terminal as the progress line take it away first.
    let outputSharesTheTerminal = progress.enabled && isatty(STDOUT_FILENO) == 1
    func emit(_ result: BatchResult) {
        tally.count(result)
        switch result {
        case .answered(let line, _):
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
    let first = paths.next()
    if input.inputs.count == 1, input.inputs != ["-"], let first, case .file(_, fromDirectory: false) = first {
        // One file named on the command line (`digitcli predict photo.jpg`): answered on this thread, as
        // workers would only add their start to the time it takes.
        emit(work([first], makeState())[0])
        output.flush()
    } else if let first {
        let jobs = input.jobs ?? processorCount
        let pipeline = OrderedPipeline<Input, BatchResult, State>(workers: jobs, batchSize: batchSize, makeState: makeState, work: work)
        /// Prints every result that is ready, in order, then writes them out at once; with `wait`, first waits
        /// for the next one.
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
        var next: Input? = first
        while let item = next {
            pipeline.submit([item] + paths.takeFound(upTo: 2 * batchSize - 1))
            drain(wait: pipeline.outstanding > window)
            next = paths.next()
        }
        pipeline.close()
        while pipeline.outstanding > 0 { drain(wait: true) }
    }
    if progress.enabled {
        progress.clear()
        writeStandardError(tally.summary(seconds: progress.elapsed) + "\n")
    }
    return tally
}

/// What a batch came to, for the exit status and the closing summary.
struct BatchTally {
    /// What the summary line counts: predict's digits, or read's numbers.
    enum Counting { case digits, numbers }
    let counting: Counting

    var perDigit = [Int](repeating: 0, count: 10)
    var numbers = 0
    var unsure = 0
    var none = 0
    var several = 0
    var failed = 0
    var skipped = 0

    var files: Int { perDigit.reduce(0, +) + numbers + unsure + none + several + failed + skipped }

    mutating func count(_ result: BatchResult) {
        switch result {
        case .answered(_, .digit(let digit)): perDigit[digit] += 1
        case .answered(_, .number): numbers += 1
        case .answered(_, .unsure): unsure += 1
        case .answered(_, .none): none += 1
        case .answered(_, .several): several += 1
        case .failed: failed += 1
        case .skipped: skipped += 1
        }
    }

    /// The exit status: failures first, then answers that are no plain digit or number.
    var exitStatus: Int32 {
        if failed > 0 { return ExitStatus.failure }
        return unsure + none + several > 0 ? ExitStatus.uncertain : ExitStatus.success
    }

    /// predict: `digitcli: 1,234 files in 3.2 s (385/s): 0: 120, 1: 130, ..., 9: 110; 5 unsure, 2 no digit, 1 failed`;
    /// read: `digitcli: 1,234 files in 3.2 s (385/s): 1,200 numbers; 30 unsure, 3 no number, 1 failed`
    func summary(seconds: Double) -> String {
        var text = "digitcli: \(grouped(files)) files in \(fixed(seconds, decimals: 1)) s"
        if seconds > 0 { text += " (\(grouped(Int(Double(files) / seconds)))/s)" }
        switch counting {
        case .digits:
            text += ": " + perDigit.enumerated().map { "\($0.offset): \(grouped($0.element))" }.joined(separator: ", ")
            text += "; \(grouped(unsure)) unsure, \(grouped(none)) no digit"
            if several > 0 { text += ", \(grouped(several)) several digits" }
        case .numbers:
            text += ": \(grouped(numbers)) numbers; \(grouped(unsure)) unsure, \(grouped(none)) no number"
        }
        text += ", \(grouped(failed)) failed"
        if skipped > 0 { text += ", \(grouped(skipped)) skipped" }
        return text
    }
}
