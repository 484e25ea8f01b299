import ArgumentParser
import DigitCore

#if canImport(Glibc)
import Glibc
#endif

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on MNIST and write it as a model file.",
        discussion: """
            With --optimizer sgd --batch-size 1 --learning-rate 0.005 on the seed architecture this is the \
            NumPy tutorial's per-sample training. The model file is written atomically when training ends; \
            Ctrl-C stops training and leaves any existing file untouched.
            """
    )

    @OptionGroup var data: DataOptions

    @Option(name: .long, help: ArgumentHelp(
        "Architecture: 'seed' (conv3x3:8,maxpool2,softmax) or a layer list such as conv3x3:32,relu,maxpool2,dense:128,relu,softmax.",
        valueName: "spec"))
    var arch = "seed"

    @Option(name: .long, help: ArgumentHelp("Passes over the training images.", valueName: "n"))
    var epochs = 3

    @Option(name: .long, help: ArgumentHelp("Images per optimiser step.", valueName: "n"))
    var batchSize = 32

    @Option(name: .long, help: "Optimiser: sgd or adam.")
    var optimizer: Optimizer.Kind = .adam

    @Option(name: .long, help: ArgumentHelp("Learning rate. Default: 0.01 for adam, 0.005 for sgd.", valueName: "rate"))
    var learningRate: Float?

    @Option(name: .long, help: ArgumentHelp("Momentum, for sgd.", valueName: "m"))
    var momentum: Float = 0

    @Option(name: .long, help: "Learning-rate schedule: constant or cosine (decays to zero over all steps). Default: cosine for adam, constant for sgd.")
    var schedule: TrainingOptions.Schedule?

    @Option(name: .long, help: ArgumentHelp("Seed for the initial weights and the shuffling.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp(
        "Train n networks (seeds seed, seed+1, ...) into one ensemble model that averages their logits.", valueName: "n"))
    var members = 1

    @OptionGroup var threads: ThreadOptions

    @Option(name: .long, help: ArgumentHelp(
        "Hold out the last n training images: validation accuracy is reported and the confidence temperature fitted on them.",
        valueName: "n"))
    var validationSize = 0

    @Option(name: .long, help: ArgumentHelp("Train on the first n training images only.", valueName: "n"))
    var limit: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Also train on the train-images/train-labels IDX files in this folder (label 255: not a digit).", valueName: "dir"))
    var extraData: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Also fit the confidence temperature on the train-images/train-labels IDX files in this folder (held out of training; label 255 left out of the fit).",
        valueName: "dir"))
    var calibrationData: [String] = []

    @Flag(name: .long, help: "Distort training images at random (rotation, scale, shear, shift, elastic distortion, stroke width).")
    var augment = false

    @Option(name: .long, help: ArgumentHelp(
        "With --augment, the share of training images (0-1) also shrunk to a few pixels and enlarged back, as low-resolution sources are.",
        valueName: "share"))
    var lowResolution: Float = 0

    @Option(name: [.short, .long], help: ArgumentHelp("Model file to write.", valueName: "path"))
    var output = "model.dcnn"

    func validate() throws {
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
        guard members >= 1 else { throw ValidationError("--members must be at least 1") }
        guard validationSize >= 0 else { throw ValidationError("--validation-size must not be negative") }
        if let learningRate, !(learningRate > 0) { throw ValidationError("--learning-rate must be positive") }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
        guard (0...1).contains(lowResolution) else { throw ValidationError("--low-resolution must be between 0 and 1") }
        guard lowResolution == 0 || augment else { throw ValidationError("--low-resolution needs --augment") }
        do {
            _ = try Architecture(parsing: arch)
        } catch {
            throw ValidationError("--arch: \(error)")
        }
    }

    func run() throws {
        let architecture = try Architecture(parsing: arch)
        var training = try data.load(.train)
        if let limit { training = training.subset(0..<min(limit, training.count)) }
        guard validationSize < training.count else {
            throw fail("--validation-size \(validationSize) leaves no training images", status: ExitStatus.usage)
        }
        let validation = training.subset((training.count - validationSize)..<training.count)
        training = training.subset(0..<(training.count - validationSize))
        for directory in extraData {
            do {
                training = training.appending(try MNIST.load(.train, from: directory, allowingNonDigits: true))
            } catch {
                throw fail(error.description)
            }
        }
        var calibration = validation
        for directory in calibrationData {
            do {
                calibration = calibration.appending(try MNIST.load(.train, from: directory, allowingNonDigits: true))
            } catch {
                throw fail(error.description)
            }
        }
        let test = try data.load(.test)

        var options = TrainingOptions()
        options.epochs = epochs
        options.batchSize = batchSize
        options.optimizer = optimizer
        // Defaults measured across seeds (bench/train.py, models/README.md): Adam at 0.01 with cosine
        // decay; SGD keeps the tutorial's constant 0.005.
        options.learningRate = learningRate ?? (optimizer == .adam ? 0.01 : 0.005)
        options.momentum = momentum
        options.schedule = schedule ?? (optimizer == .adam ? .cosine : .constant)
        options.seed = seed
        options.threads = threads.threads
        if augment {
            var augmentation = Augmentation()
            augmentation.lowResolutionShare = lowResolution
            options.augmentation = augmentation
        }
        let progress = TrainingProgress(epochs: epochs, isTerminal: isatty(STDERR_FILENO) == 1)
        options.reportInterval = progress.reportInterval

        writeStandardError("training \(members > 1 ? "\(members) networks " : "")\(architecture) "
              + "(\(Network.parameterCount(of: architecture)) parameters) on \(training.count) images, "
              + "\(options.optimizer.rawValue), batch \(batchSize), \(threads.threads) threads\n")
        Interrupt.install()
        var sets = [(name: "test", set: test)]
        if validationSize > 0 { sets.insert((name: "validation", set: validation), at: 0) }
        let clock = ContinuousClock()
        let start = clock.now
        var networks: [Network] = []
        for member in 0..<members {
            var memberOptions = options
            memberOptions.seed = seed &+ UInt64(member)
            if members > 1 { writeStandardError("member \(member + 1) of \(members), seed \(memberOptions.seed)\n") }
            var trainer = Trainer(network: Network(architecture: architecture, seed: memberOptions.seed), options: memberOptions)
            let finished = trainer.train(on: training, evaluationSets: sets, shouldStop: { Interrupt.isRequested }) { progress.show($0) }
            guard finished else {
                progress.finishLine()
                throw fail("interrupted: no model written", status: ExitStatus.interrupted)
            }
            networks.append(trainer.network)
        }
        var model = Model(networks: networks)

        // The confidence temperature, fitted on the held-out and calibration images (1 without them).
        if calibration.count > 0 {
            let logits = model.logits(for: calibration, threads: threads.threads)
            model.temperature = Calibration.fitTemperature(logits: logits, labels: calibration.labels, classes: Architecture.classCount)
            writeStandardError("temperature \(model.temperature), fitted on \(calibration.count) held-out images\n")
        }
        var metadata = [
            "command": (["digitcli"] + CommandLine.arguments.dropFirst()).map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " "),
            "created": utcTimestamp(),
            "data": (try? data.directory()) ?? "",
            "epochs": "\(epochs)",
            "batch_size": "\(batchSize)",
            "optimizer": optimizer.rawValue,
            "learning_rate": "\(options.learningRate)",
            "schedule": options.schedule.rawValue,
            "seed": "\(seed)",
            "threads": "\(threads.threads)",
            "training_images": "\(training.count)",
            "extra_data": extraData.joined(separator: " "),
            "calibration_data": calibrationData.joined(separator: " "),
            "augmentation": !augment ? "off" : lowResolution > 0 ? "on, low resolution \(lowResolution)" : "on",
            "training_seconds": fixed((clock.now - start).seconds, decimals: 2),
        ]
        // Test figures with the confidence as the model will give it.
        let testFigures = model.evaluate(on: test, threads: threads.threads)
        metadata["test_accuracy"] = fixed(testFigures.accuracy, decimals: 4)
        metadata["test_ece"] = fixed(testFigures.expectedCalibrationError, decimals: 4)
        model.metadata = metadata
        do {
            try ModelFile.write(model, to: output)
        } catch {
            throw fail("\(error)")
        }
        writeStandardError("wrote \(output)\n")
    }
}

extension Optimizer.Kind: ExpressibleByArgument {}
extension TrainingOptions.Schedule: ExpressibleByArgument {}

/// The current time as 2026-11-24T21:30:00Z.
func utcTimestamp() -> String {
    var now = time(nil)
    var parts = tm()
    gmtime_r(&now, &parts)
    var buffer = [CChar](repeating: 0, count: 32)
    strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
    return string(fromCBuffer: buffer)
}

/// Fixed-point text without Foundation.
func fixed(_ value: Double, decimals: Int) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.\(decimals)f", $0) }
    return string(fromCBuffer: buffer)
}
