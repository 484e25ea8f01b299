import ArgumentParser
import DigitCore

#if canImport(Glibc)
import Glibc
#endif

/// Where MNIST is, for `train` and `eval`.
struct DataOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Folder with the MNIST IDX files (.gz or raw). Default: $\(MNIST.environmentVariable).", valueName: "dir"))
    var data: String?

    func directory() throws -> String {
        if let data { return data }
        if let fromEnvironment = getenv(MNIST.environmentVariable) { return String(cString: fromEnvironment) }
        throw fail("no MNIST folder: pass --data DIR or set \(MNIST.environmentVariable)", status: ExitStatus.usage)
    }

    func load(_ split: MNISTSplit) throws -> MNISTSet {
        do {
            return try MNIST.load(split, from: try directory())
        } catch let error as MNISTError {
            throw fail(error.description)
        }
    }
}

struct ThreadOptions: ParsableArguments {
    @Option(name: [.customShort("t"), .customLong("threads")], help: ArgumentHelp("Threads to use. Default: one per core.", valueName: "n"))
    private var requested: Int?

    /// The thread count to use.
    var threads: Int { requested ?? processorCount }

    func validate() throws {
        if let requested, !(1...256).contains(requested) { throw ValidationError("--threads must be from 1 to 256") }
    }
}

/// How `predict` and `read` print each answer (documented in man/digitcli.1, OUTPUT FORMATS).
enum AnswerFormat: String, ExpressibleByArgument, CaseIterable {
    /// predict: `photo.png: 7 (98.7%)`; `photo.png: unsure (7? 41.2%)`; `photo.png: no digit found`
    case text
    /// predict: `path<TAB>digit<TAB>confidence`, digit being 0–9, `unsure`, `none` or `several`
    case tsv
    /// One JSON object per line: path, status (predict: digit, unsure, no_digit, several), answer, confidence
    case jsonl
}

/// How predict and read write their answers.
struct AnswerOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Output format: text, tsv or jsonl.")
    var format: AnswerFormat = .text

    @Flag(name: .long, help: "With --format tsv, print a header line first.")
    var header = false

    /// Writes `columns` first when a TSV header was asked for.
    func writeHeader(_ columns: String) {
        guard header && format == .tsv else { return }
        var output = StandardOutput()
        output.append(line: columns)
        output.flush()
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// How much image predict, read and show accept.
struct ImageOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Refuse images larger than this many pixels (declared size, checked before decoding).",
                                            valueName: "n"))
    var maxPixels = DecodeOptions.defaultMaxPixels

    func validate() throws {
        guard maxPixels >= 1 else { throw ValidationError("--max-pixels must be at least 1") }
    }

    /// A predictor for `model` that honours these limits.
    func predictor(for model: Model) -> Predictor {
        var predictor = Predictor(model: model)
        predictor.decodeOptions.maxPixels = maxPixels
        return predictor
    }

    /// A number reader for `model` (with the built-in verifier) that honours these limits.
    func reader(for model: Model) throws -> NumberReader {
        var reader = NumberReader(model: model, verifier: try BuiltInModels.load("verifier"))
        reader.decodeOptions.maxPixels = maxPixels
        return reader
    }
}

/// The model to use: a built-in one by name, or a model file from `train`.
struct ModelOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp(
        "A built-in model (default, seed) or a model file written by 'digitcli train' (write ./NAME for a file named like a built-in one).",
        valueName: "name|path"))
    var model = "default"

    func load() throws -> Model {
        do {
            if let builtIn = try BuiltInModels.load(model) { return builtIn }
            return try ModelFile.read(from: model)
        } catch {
            throw fail("\(model): \(error)")
        }
    }
}

extension Model {
    /// What `eval` says of the model: "conv3x3:8,maxpool2,softmax, 13602 parameters", with "3 members of"
    /// before the architecture for an ensemble.
    var summary: String {
        (networks.count > 1 ? "\(networks.count) members of " : "") + "\(architecture), \(parameterCount) parameters"
    }
}
