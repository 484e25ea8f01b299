@testable import DigitCore
import Testing

/// Analytic gradients against central finite differences, for every layer and a whole network.
@Suite struct GradientCheckTests {
    /// Checks one layer on random input with the scalar loss L = Σ output · R (R random), whose
    /// gradient with respect to the output is R.
    func checkLayer(_ layer: some NetworkLayer, batch: Int = 2, seed: UInt64 = 7, input given: [Float]? = nil,
                    sourceLocation: SourceLocation = #_sourceLocation) {
        var generator = SeededGenerator(seed: seed)
        var input = given ?? (0..<batch * layer.inputShape.count).map { _ in generator.nextNormal() }
        var parameters = (0..<layer.parameterCount).map { _ in generator.nextNormal() * 0.5 }
        let weights = (0..<batch * layer.outputShape.count).map { _ in generator.nextNormal() }
        var scratch = [Float](repeating: 0, count: max(layer.scratchCount(batch: batch), 1))

        func loss() -> Double {
            var output = [Float](repeating: 0, count: batch * layer.outputShape.count)
            layer.forward(input, into: &output, batch: batch, parameters: parameters, scratch: &scratch)
            return zip(output, weights).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        var output = [Float](repeating: 0, count: batch * layer.outputShape.count)
        layer.forward(input, into: &output, batch: batch, parameters: parameters, scratch: &scratch)
        var inputGradient = [Float](repeating: 0, count: input.count)
        var parameterGradient = [Float](repeating: 0, count: max(parameters.count, 1))
        layer.backward(input: input, output: output, outputGradient: weights, inputGradient: &inputGradient, batch: batch,
                       parameters: parameters, parameterGradient: &parameterGradient, scratch: &scratch)

        let step: Float = 1e-2
        /// Central difference of the loss along one input (or parameter) value.
        func numeric(_ index: Int, ofInput: Bool) -> Double {
            let saved = ofInput ? input[index] : parameters[index]
            var losses: [Double] = []
            for value in [saved + step, saved - step] {
                if ofInput { input[index] = value } else { parameters[index] = value }
                losses.append(loss())
            }
            if ofInput { input[index] = saved } else { parameters[index] = saved }
            return (losses[0] - losses[1]) / (2 * Double(step))
        }
        for index in stride(from: 0, to: input.count, by: max(1, input.count / 97)) {
            let expected = numeric(index, ofInput: true)
            #expect(abs(Double(inputGradient[index]) - expected) <= 2e-3 * max(1, abs(expected)),
                    "input \(index): analytic \(inputGradient[index]), numeric \(expected)", sourceLocation: sourceLocation)
        }
        for index in stride(from: 0, to: parameters.count, by: max(1, parameters.count / 97)) {
            let expected = numeric(index, ofInput: false)
            #expect(abs(Double(parameterGradient[index]) - expected) <= 2e-3 * max(1, abs(expected)),
                    "parameter \(index): analytic \(parameterGradient[index]), numeric \(expected)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [(1, 4, false, false), (3, 5, false, true), (2, 16, true, true), (5, 9, true, false)])
    func conv3x3(channels: Int, filters: Int, same: Bool, bias: Bool) {
        checkLayer(Conv3x3Layer(input: Shape(height: 7, width: 6, channels: channels), filters: filters, samePadding: same, bias: bias))
    }

    @Test func maxPool2() {
        // Distinct values spaced well beyond the finite-difference step: no window's maximum changes hands.
        var generator = SeededGenerator(seed: 5)
        let input = (0..<2 * 6 * 7 * 3).map { Float($0) * 0.1 }.shuffled(using: &generator)
        checkLayer(MaxPool2Layer(input: Shape(height: 6, width: 7, channels: 3)), input: input)
    }

    @Test func relu() {
        checkLayer(ReLULayer(inputShape: Shape(height: 3, width: 4, channels: 5)))
    }

    @Test(arguments: [(12, 10), (45, 17), (5, 3)])
    func dense(inputs: Int, outputs: Int) {
        checkLayer(DenseLayer(input: .vector(inputs), outputs: outputs, isOutput: false), batch: 5)
    }

    @Test(arguments: ["conv3x3:3:bias,relu,maxpool2,conv3x3:4:same:bias,relu,maxpool2,dense:6,relu,softmax", "seed"])
    func wholeNetwork(spec: String) throws {
        var network = Network(architecture: try Architecture(parsing: spec), seed: 3)
        let batch = 3
        let workspace = Workspace(network: network, capacity: batch)
        var generator = SeededGenerator(seed: 11)
        for index in 0..<batch * 784 { workspace.input[index] = generator.nextUnit() - 0.5 }
        let labels: [UInt8] = [3, 8, 1]
        _ = labels.withUnsafeBufferPointer { network.trainStep(workspace, batch: batch, labels: $0.baseAddress!, gradientScale: batch) }
        let analytic = Array(workspace.parameterGradient)

        let step: Float = 2e-3
        var checked = 0
        for index in stride(from: 0, to: network.parameterCount, by: max(1, network.parameterCount / 150)) {
            let saved = network.parameters[index]
            network.parameters[index] = saved + step
            let up = labels.withUnsafeBufferPointer { network.loss(workspace, batch: batch, labels: $0.baseAddress!) }
            network.parameters[index] = saved - step
            let down = labels.withUnsafeBufferPointer { network.loss(workspace, batch: batch, labels: $0.baseAddress!) }
            network.parameters[index] = saved
            let numeric = (up - down) / (2 * Double(step))
            #expect(abs(Double(analytic[index]) - numeric) <= 1e-2 * max(abs(Double(analytic[index])), abs(numeric)) + 5e-4,
                    "parameter \(index): analytic \(analytic[index]), numeric \(numeric)")
            checked += 1
        }
        #expect(checked >= 100)
    }
}
