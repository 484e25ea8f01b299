import DigitCore
import DigitDrawing
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

private let mnistDirectory: String = {
    if let path = ProcessInfo.processInfo.environment["DIGITCLI_MNIST"] { return path }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/mnist").path
}()
private let mnistAvailable = FileManager.default.fileExists(atPath: mnistDirectory + "/train-images-idx3-ubyte.gz")

@Suite(.enabled(if: mnistAvailable, "MNIST not found in \(mnistDirectory) (set DIGITCLI_MNIST): skipped"))
struct TrainEvalCommandTests {
    /// Removed, with what the test wrote, when the test ends.
    let folder: TemporaryFolder
    var directory: String { folder.root }

    init() throws {
        folder = try TemporaryFolder()
    }

    @Test func trainWritesAModelThatEvalReads() throws {
        let model = directory + "/small.dcnn"
        let train = try DigitCLIRun(["train", "--data", mnistDirectory, "--limit", "2000", "--epochs", "1", "--batch-size", "1",
                                     "--optimizer", "sgd", "--learning-rate", "0.005", "--seed", "5", "-o", model])
        #expect(train.status == 0, "\(train.standardError)")
        // The tutorial's progress lines when stderr is not a terminal.
        #expect(train.standardError.contains("--- Epoch 1 ---\n[Step 100] Past 100 steps: Average Loss "))
        #expect(train.standardError.contains("| Accuracy: "))
        #expect(train.standardError.contains("wrote \(model)\n"))

        let eval = try DigitCLIRun(["eval", "--data", mnistDirectory, "--model", model, "--format", "json"])
        #expect(eval.status == 0, "\(eval.standardError)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(eval.standardOutput.utf8)) as? [String: Any])
        #expect(report["architecture"] as? String == "conv3x3:8,maxpool2,softmax")
        #expect(report["images"] as? Int == 10000)
        let accuracy = try #require(report["accuracy"] as? Double)
        #expect(accuracy > 0.8)
        let confusion = try #require(report["confusion"] as? [[Int]])
        #expect(confusion.count == 10 && confusion.flatMap { $0 }.reduce(0, +) == 10000)

        let text = try DigitCLIRun(["eval", "--data", mnistDirectory, "--model", model])
        #expect(text.standardOutput.contains("accuracy:     \(String(format: "%.2f", accuracy * 100))%"))
        #expect(text.standardOutput.contains("confusion matrix (rows: true digit, columns: predicted)"))
    }

    @Test func adamWithoutALearningRateTrainsWithTheMeasuredDefaults() throws {
        let model = directory + "/defaults.dcnn"
        let train = try DigitCLIRun(["train", "--data", mnistDirectory, "--arch", "seed", "--limit", "5000", "--epochs", "1",
                                     "--threads", "1", "--seed", "1", "-o", model])
        #expect(train.status == 0, "\(train.standardError)")
        let metadata = try ModelFile.read(from: model).metadata
        #expect(metadata["optimizer"] == "adam" && metadata["learning_rate"] == "0.01" && metadata["schedule"] == "cosine", "\(metadata)")
        // Keras's own Adam default (0.001, constant) reaches 87.5% here; these defaults 89.6%, bit for bit.
        let accuracy = try #require(train.standardError.firstMatch(of: /test accuracy ([0-9.]+)%/).flatMap { Double($0.1) })
        #expect(accuracy > 89, "\(accuracy)")

        let sgd = try DigitCLIRun(["train", "--data", mnistDirectory, "--arch", "seed", "--limit", "200", "--epochs", "1",
                                   "--optimizer", "sgd", "-o", model])
        #expect(sgd.status == 0, "\(sgd.standardError)")
        let tutorial = try ModelFile.read(from: model).metadata
        #expect(tutorial["learning_rate"] == "0.005" && tutorial["schedule"] == "constant", "the tutorial's recipe: \(tutorial)")
    }

    @Test func membersMakeAnEnsembleOfTheNetworksTrainedAlone() throws {
        func train(_ extra: [String], to name: String) throws -> DigitCLIRun {
            try DigitCLIRun(["train", "--data", mnistDirectory, "--limit", "3000", "--epochs", "1", "--threads", "1",
                             "--validation-size", "500", "-o", directory + "/" + name] + extra)
        }
        let ensemble = try train(["--seed", "5", "--members", "2"], to: "ensemble.dcnn")
        #expect(ensemble.status == 0, "\(ensemble.standardError)")
        #expect(ensemble.standardError.contains("training 2 networks conv3x3:8,maxpool2,softmax (13602 parameters)"))
        #expect(ensemble.standardError.contains("member 2 of 2, seed 6\n"))
        #expect(try train(["--seed", "6"], to: "alone.dcnn").status == 0)

        let members = try ModelFile.read(from: directory + "/ensemble.dcnn").networks
        #expect(members.count == 2)
        #expect(members[1].parameters == (try ModelFile.read(from: directory + "/alone.dcnn")).networks[0].parameters)
        #expect(members[0].parameters != members[1].parameters)

        let info = try DigitCLIRun(["info", directory + "/ensemble.dcnn"])
        #expect(info.standardOutput.contains("members:        2\nparameters:     27204\n"))
        let eval = try DigitCLIRun(["eval", "--data", mnistDirectory, "--model", directory + "/ensemble.dcnn"])
        #expect(eval.standardOutput.contains("(2 members of conv3x3:8,maxpool2,softmax, 27204 parameters)"))
    }

    @Test func interruptedTrainingLeavesTheOldModelAlone() throws {
        let model = directory + "/kept.dcnn"
        let log = directory + "/stderr.log"
        try Data("previous model".utf8).write(to: URL(fileURLWithPath: model))
        // Spawned with an empty signal mask: test runners may block SIGINT in the threads that launch processes.
        let process = try SpawnedProcess(DigitCLIRun.executable.path,
                                         ["train", "--data", mnistDirectory, "--epochs", "50", "--threads", "1", "-o", model],
                                         standardError: log)
        // Wait for the first progress line, then press Ctrl-C.
        let deadline = Date().addingTimeInterval(60)
        while !((try? String(contentsOfFile: log, encoding: .utf8))?.contains("[Step 100]") ?? false), Date() < deadline {
            usleep(20_000)
        }
        kill(process.identifier, SIGINT)
        #expect(process.wait() == 130)
        #expect(try String(contentsOfFile: log, encoding: .utf8).hasSuffix("digitcli: interrupted: no model written\n"))
        #expect(try String(contentsOfFile: model, encoding: .utf8) == "previous model")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["kept.dcnn", "stderr.log"])
    }

    @Test func predictOnMNISTFilesScoresAsEval() throws {
        // The 10,000 test images as PNG files (in a temporary folder, never in the repository).
        let images = try MNIST.load(.test, from: mnistDirectory)
        let folder = directory + "/mnist-png"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<images.count {
            let pixels = Array(images.images[index * 784..<(index + 1) * 784])
            try PNGEncoder.write(GrayImage(width: 28, height: 28, pixels: pixels), to: folder + "/\(index)-\(images.labels[index]).png")
        }
        let predict = try DigitCLIRun(["predict", "-m", "seed", "-r", "-f", "tsv", "--min-confidence", "0", folder])
        #expect(predict.status == 0, "\(predict.standardError)")
        var (correct, total) = (0, 0)
        for row in predict.standardOutput.split(separator: "\n") {
            let columns = row.split(separator: "\t")
            let label = columns[0].split(separator: "-").last!.prefix { $0 != "." }
            total += 1
            if columns[1] == label { correct += 1 }
        }
        #expect(total == 10000)
        let eval = try DigitCLIRun(["eval", "--data", mnistDirectory, "-m", "seed", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(eval.standardOutput.utf8)) as? [String: Any])
        let evalAccuracy = try #require(report["accuracy"] as? Double)
        #expect(abs(Double(correct) / Double(total) - evalAccuracy) <= 0.001)
    }

    @Test func badInputsGiveOneClearLine() throws {
        let notAModel = directory + "/notes.dcnn"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notAModel))
        let eval = try DigitCLIRun(["eval", "--data", mnistDirectory, "--model", notAModel])
        #expect(eval.status == 1)
        #expect(eval.standardError == "digitcli: \(notAModel): not a digitcli model file (wrong magic)\n")

        let missingData = try DigitCLIRun(["eval", "--data", directory, "--model", notAModel])
        #expect(missingData.status == 1)

        let noMembers = try DigitCLIRun(["train", "--data", mnistDirectory, "--members", "0"])
        #expect(noMembers.status == 2)
        #expect(noMembers.standardError.contains("--members must be at least 1"))

        let blurWithoutAugmenting = try DigitCLIRun(["train", "--data", mnistDirectory, "--low-resolution", "0.2"])
        #expect(blurWithoutAugmenting.status == 2)
        #expect(blurWithoutAugmenting.standardError.contains("--low-resolution needs --augment"))
        let tooMuchBlur = try DigitCLIRun(["train", "--data", mnistDirectory, "--augment", "--low-resolution", "1.5"])
        #expect(tooMuchBlur.status == 2)
        #expect(tooMuchBlur.standardError.contains("--low-resolution must be between 0 and 1"))

        let badArchitecture = try DigitCLIRun(["train", "--data", mnistDirectory, "--arch", "conv3x3:8,softmax,relu"])
        #expect(badArchitecture.status == 2)
        #expect(badArchitecture.standardError.contains("layer 2 'softmax': softmax must be the last layer"))
    }

    @Test func calibrationDataJoinsTheHeldOutImagesForTheTemperature() throws {
        // Digits drawn thick and off-centre, as scenes come out of the preprocessing, and two scribbles
        // (label 255, left out of the fit), as IDX files.
        var images: [UInt8] = [], labels: [UInt8] = []
        for index in 0..<60 {
            var canvas = Canvas(width: 28, height: 28, paper: 0)
            canvas.draw(index % 10, x: 5 + Double(index % 3), y: 4, width: 13, height: 20, penWidth: 4, ink: 255)
            images += canvas.image.pixels
            labels.append(UInt8(index % 10))
        }
        images += [UInt8](repeating: 90, count: 2 * 784)
        labels += [255, 255]
        let scenes = directory + "/scenes"
        try FileManager.default.createDirectory(atPath: scenes, withIntermediateDirectories: true)
        func bigEndian(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
        try Data(bigEndian(0x803) + bigEndian(labels.count) + bigEndian(28) + bigEndian(28) + images)
            .write(to: URL(fileURLWithPath: scenes + "/train-images-idx3-ubyte"))
        try Data(bigEndian(0x801) + bigEndian(labels.count) + labels).write(to: URL(fileURLWithPath: scenes + "/train-labels-idx1-ubyte"))

        func train(_ extra: [String], to name: String) throws -> (DigitCLIRun, Model) {
            let path = directory + "/" + name
            let run = try DigitCLIRun(["train", "--data", mnistDirectory, "--limit", "2000", "--epochs", "1", "--threads", "1",
                                       "--validation-size", "500", "-o", path] + extra)
            return (run, try ModelFile.read(from: path))
        }
        let (alone, plain) = try train([], to: "plain.dcnn")
        #expect(alone.standardError.contains("fitted on 500 held-out images\n"), "\(alone.standardError)")
        let (joined, calibrated) = try train(["--calibration-data", scenes], to: "calibrated.dcnn")
        #expect(joined.status == 0, "\(joined.standardError)")
        #expect(joined.standardError.contains("fitted on 562 held-out images\n"), "\(joined.standardError)")
        #expect(calibrated.metadata["calibration_data"] == scenes)
        // Same seed, same training: only the temperature differs, fitted on images unlike MNIST's too.
        #expect(calibrated.networks.map(\.parameters) == plain.networks.map(\.parameters))
        #expect(calibrated.temperature != plain.temperature)
    }
}
