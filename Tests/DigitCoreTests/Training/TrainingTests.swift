@testable import DigitCore
import Testing

@Suite(.enabled(if: MNISTLocation.isAvailable, MNISTLocation.skipMessage))
struct TrainingTests {
    let training: MNISTSet
    let test: MNISTSet

    init() throws {
        training = try MNISTLocation.training.get()
        test = try MNISTLocation.test.get().subset(0..<2000)
    }

    func train(_ spec: String, images: Int, options: TrainingOptions) throws -> Network {
        var trainer = Trainer(network: Network(architecture: try Architecture(parsing: spec), seed: options.seed), options: options)
        trainer.train(on: training.subset(0..<images)) { _ in }
        return trainer.network
    }

    @Test func realFilesHaveTheirStandardShape() {
        #expect(training.count == 60000)
        #expect(training.images.count == 60000 * 784)
        #expect(Set(training.labels) == Set(0...9))
    }

    @Test func seedLearnsWithAdamInMiniBatches() throws {
        var options = TrainingOptions()
        options.epochs = 1
        options.learningRate = 0.02
        options.schedule = .cosine
        let network = try train("seed", images: 12000, options: options)
        #expect(network.evaluate(on: test).accuracy > 0.88)
    }

    @Test func tutorialPerSampleSGDLearns() throws {
        // The tutorial: 1,000 images, 3 epochs, one image per step at learning rate 0.005.
        var options = TrainingOptions()
        options.optimizer = .sgd
        options.learningRate = 0.005
        options.batchSize = 1
        options.epochs = 3
        let network = try train("seed", images: 1000, options: options)
        #expect(network.evaluate(on: test).accuracy > 0.75)
    }

    @Test func deeperNetworkWithMomentumLearns() throws {
        var options = TrainingOptions()
        options.optimizer = .sgd
        options.learningRate = 0.05
        options.momentum = 0.9
        options.epochs = 1
        options.batchSize = 64
        let network = try train("conv3x3:8:bias,relu,maxpool2,conv3x3:16:bias,relu,maxpool2,dense:32,relu,softmax",
                                images: 16000, options: options)
        #expect(network.evaluate(on: test).accuracy > 0.9)
    }

    @Test(arguments: [1, 2, 3])
    func sameSeedAndThreadCountGiveTheSameModelBitForBit(threads: Int) throws {
        var options = TrainingOptions()
        options.epochs = 1
        options.threads = threads
        options.seed = 42
        let spec = "conv3x3:4:bias,relu,maxpool2,softmax"
        let first = try train(spec, images: 1500, options: options)
        let second = try train(spec, images: 1500, options: options)
        #expect(first.parameters == second.parameters)
        options.seed = 43
        #expect(try train(spec, images: 1500, options: options).parameters != first.parameters)
    }

    @Test func evaluationFigures() throws {
        var options = TrainingOptions()
        options.epochs = 1
        let network = try train("seed", images: 3000, options: options)
        let evaluation = network.evaluate(on: test, threads: 2)
        #expect(evaluation.count == 2000)
        #expect(evaluation.confusion.flatMap { $0 }.reduce(0, +) == 2000)
        #expect((0..<10).reduce(0) { $0 + evaluation.confusion[$1][$1] } == evaluation.correct)
        #expect(evaluation.expectedCalibrationError >= 0 && evaluation.expectedCalibrationError < 0.2)
        // Thread count changes nothing in what is computed.
        #expect(network.probabilities(for: test, threads: 1) == network.probabilities(for: test, threads: 2))
    }
}

@Suite struct EvaluationMetricTests {
    @Test func calibrationErrorOfHandMadeProbabilities() {
        // Two images: one right at confidence 0.9, one wrong at confidence 0.6.
        var probabilities = [Float](repeating: 0, count: 20)
        probabilities[3] = 0.9; probabilities[0] = 0.1          // label 3, predicted 3
        probabilities[10 + 5] = 0.6; probabilities[10 + 1] = 0.4   // label 1, predicted 5
        let evaluation = Evaluation(probabilities: probabilities, labels: [3, 1], classes: 10, seconds: 1)
        #expect(evaluation.correct == 1)
        // ECE = ½·|1 − 0.9| + ½·|0 − 0.6| = 0.35
        #expect(abs(evaluation.expectedCalibrationError - 0.35) < 1e-6)
        #expect(abs(evaluation.meanLoss - (-log(0.9) - log(0.4)) / 2) < 1e-6)
        #expect(evaluation.precision(5) == 0 && evaluation.recall(3) == 1 && evaluation.recall(1) == 0)
    }
}

#if canImport(Glibc)
import Glibc
#endif
