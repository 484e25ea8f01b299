import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct TrainingOptions: Sendable {
    public enum Schedule: String, Sendable, CaseIterable {
        case constant
        /// Cosine decay from the learning rate to zero over all steps.
        case cosine
    }

    public var epochs = 3
    public var batchSize = 32
    public var optimizer = Optimizer.Kind.adam
    public var learningRate: Float = 0.001
    public var momentum: Float = 0
    public var schedule = Schedule.constant
    /// Seeds the shuffling of every epoch (the initial weights are the network's own business).
    public var seed: UInt64 = 1
    /// Threads sharing each batch; the same seed and thread count give the same model bit for bit.
    public var threads = processorCount
    /// Steps between progress reports.
    public var reportInterval = 100
    /// Random distortions applied to each training image, or none.
    public var augmentation: Augmentation?

    public init() {}
}

/// What training tells its caller as it goes.
public enum TrainingEvent: Sendable {
    /// After every `reportInterval` steps: the mean loss and accuracy over those steps.
    case steps(epoch: Int, step: Int, stepsPerEpoch: Int, averageLoss: Double, accuracy: Double, imagesPerSecond: Double)
    case epochFinished(EpochSummary)
}

public struct EpochSummary: Sendable {
    public let epoch: Int
    public let trainingLoss: Double
    public let trainingAccuracy: Double
    /// Each evaluation set's name and figures, after this epoch.
    public let evaluations: [(name: String, evaluation: Evaluation)]
    public let seconds: Double
}

/// Mini-batch training on MNIST-layout data: shuffling, data-parallel batches over threads, the optimiser.
public struct Trainer {
    public private(set) var network: Network
    public let options: TrainingOptions
    private var optimizer: Optimizer
    private var generator: SeededGenerator
    private let workspaces: [Workspace]

    public init(network: Network, options: TrainingOptions) {
        self.network = network
        self.options = options
        optimizer = Optimizer(kind: options.optimizer, parameterCount: network.parameterCount, momentum: options.momentum)
        generator = SeededGenerator(seed: options.seed)
        let slices = evenRanges(count: options.batchSize, parts: options.threads)
        workspaces = slices.map { Workspace(network: network, capacity: $0.count) }
    }

    /// Trains for `options.epochs` epochs, evaluating on `evaluationSets` after each. Stops early, after
    /// the current step, when `shouldStop` returns true; returns whether all epochs ran.
    @discardableResult
    public mutating func train(on set: MNISTSet, evaluationSets: [(name: String, set: MNISTSet)] = [],
                               shouldStop: () -> Bool = { false }, report: (TrainingEvent) -> Void) -> Bool {
        let stepsPerEpoch = (set.count + options.batchSize - 1) / options.batchSize
        let totalSteps = stepsPerEpoch * options.epochs
        var order = Array(0..<set.count)
        let clock = ContinuousClock()
        for epoch in stride(from: 1, through: options.epochs, by: 1) {
            order.shuffle(using: &generator)
            let epochStart = clock.now
            var windowStart = clock.now
            var (epochLoss, epochCorrect) = (0.0, 0)
            var (windowLoss, windowCorrect, windowImages) = (0.0, 0, 0)
            for step in 1...stepsPerEpoch {
                if shouldStop() { return false }
                let start = (step - 1) * options.batchSize
                let batch = order[start..<min(start + options.batchSize, set.count)]
                let progress = Double((epoch - 1) * stepsPerEpoch + step - 1) / Double(max(totalSteps, 1))
                let (loss, correct) = trainStep(set, batch: Array(batch), epoch: epoch, learningRate: learningRate(at: progress))
                epochLoss += loss
                epochCorrect += correct
                windowLoss += loss
                windowCorrect += correct
                windowImages += batch.count
                if step % options.reportInterval == 0 || step == stepsPerEpoch {
                    let seconds = (clock.now - windowStart).seconds
                    report(.steps(epoch: epoch, step: step, stepsPerEpoch: stepsPerEpoch,
                                  averageLoss: windowLoss / Double(windowImages),
                                  accuracy: Double(windowCorrect) / Double(windowImages),
                                  imagesPerSecond: seconds > 0 ? Double(windowImages) / seconds : 0))
                    (windowLoss, windowCorrect, windowImages) = (0, 0, 0)
                    windowStart = clock.now
                }
            }
            let trainingSeconds = (clock.now - epochStart).seconds
            let evaluations = evaluationSets.map { ($0.name, network.evaluate(on: $0.set, threads: options.threads)) }
            report(.epochFinished(EpochSummary(epoch: epoch, trainingLoss: epochLoss / Double(set.count),
                                               trainingAccuracy: Double(epochCorrect) / Double(set.count),
                                               evaluations: evaluations, seconds: trainingSeconds)))
        }
        return true
    }

    func learningRate(at progress: Double) -> Float {
        switch options.schedule {
        case .constant: options.learningRate
        case .cosine: options.learningRate * Float(0.5 * (1 + cos(Double.pi * progress)))
        }
    }

    /// One optimiser step on `batch` (indices into `set`): each thread runs its slice into its own
    /// workspace, the gradients are summed in thread order (so results do not depend on timing).
    mutating func trainStep(_ set: MNISTSet, batch: [Int], epoch: Int, learningRate: Float) -> (loss: Double, correct: Int) {
        let slices = evenRanges(count: batch.count, parts: workspaces.count)
        var results = [(loss: Double, correct: Int)](repeating: (0, 0), count: slices.count)
        let augmentation = options.augmentation, seed = options.seed
        let labels = batch.map { set.labels[$0] }
        results.withUnsafeMutableBufferPointer { results in
            let results = SendablePointer(results.baseAddress!)
            // Copies for the worker closure, gone before the optimiser updates the parameters in place
            // (a copy still alive then would make it duplicate the whole parameter array).
            let network = self.network, workspaces = self.workspaces
            let run: @Sendable (Int) -> Void = { part in
                let workspace = workspaces[part], slice = slices[part]
                workspace.parameterGradient.update(repeating: 0)
                batch[slice].withUnsafeBufferPointer { loadImages(set, indices: $0, into: workspace.input) }
                if let augmentation {
                    for (slot, index) in batch[slice].enumerated() {
                        var generator = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(epoch) << 32 &+ UInt64(index))
                        augmentation.apply(to: workspace.input + slot * MNISTSet.pixelsPerImage, using: &generator)
                    }
                }
                labels[slice].withUnsafeBufferPointer { labels in
                    results.pointer[part] = network.trainStep(workspace, batch: slice.count, labels: labels.baseAddress!,
                                                              gradientScale: batch.count)
                }
            }
            if slices.count == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: slices.count, execute: run) }
        }
        let gradient = self.workspaces[0].parameterGradient
        for workspace in self.workspaces.dropFirst().prefix(slices.count - 1) {
            for index in gradient.indices { gradient[index] += workspace.parameterGradient[index] }
        }
        optimizer.step(parameters: &self.network.parameters, gradient: UnsafeBufferPointer(gradient), learningRate: learningRate)
        return results.reduce((0, 0)) { ($0.0 + $1.loss, $0.1 + $1.correct) }
    }
}

extension Workspace: @unchecked Sendable {}
