@testable import DigitCore
import Testing

/// Inference runs a reordered, cropped plan of the layers (see `Network.inferencePlan`); it must give
/// the logits of the layers as trained, bit for bit.
@Suite struct InferencePlanTests {
    static let architectures = [
        "conv3x3:16:bias,relu,maxpool2,conv3x3:32:bias,relu,maxpool2,dense:128,relu,softmax",   // the default's
        "seed",
        "conv3x3:4:same:bias,relu,maxpool2,conv3x3:6,maxpool2,softmax",
        "conv3x3:4,relu,conv3x3:4:bias,relu,maxpool2,dense:8,softmax",
    ]

    @Test(arguments: architectures)
    func inferenceGivesTheTrainingForwardsLogits(spec: String) throws {
        let network = Network(architecture: try Architecture(parsing: spec), seed: 4)
        let batch = 5
        var generator = SeededGenerator(seed: 8)
        let images = (0..<batch * 784).map { _ in generator.nextUnit() - 0.5 }
        func logits(training: Bool) -> [Float] {
            let workspace = Workspace(network: network, capacity: batch, training: training)
            workspace.input.update(from: images, count: images.count)
            network.forward(workspace, batch: batch)
            return Array(UnsafeBufferPointer(start: workspace.logits, count: batch * network.classCount))
        }
        #expect(logits(training: false).map(\.bitPattern) == logits(training: true).map(\.bitPattern))
    }

    @Test func theDefaultArchitecturesPlanCropsAndReorders() throws {
        let network = Network(architecture: try Architecture(parsing: Self.architectures[0]), seed: 1)
        let plan = network.inferenceLayers
        // The second conv's 11×11 → 10×10 (the pool drops row and column 11), then pool before ReLU.
        // Layers: conv, relu, pool, conv, relu, pool, dense, relu, softmax.
        #expect(plan[3].outputShape == Shape(height: 10, width: 10, channels: 32))
        #expect(plan[4] is MaxPool2Layer && plan[5] is ReLULayer)
        #expect(plan[5].outputShape == network.layers[5].outputShape)
        #expect(plan.map(\.parameterCount) == network.layers.map(\.parameterCount))
    }
}
