@testable import DigitCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The seed network against the NumPy tutorial's own code (seed_reference.py beside this file):
/// the same images, weights and per-sample SGD steps must give the same losses and weights.
@Suite struct SeedParityTests {
    @Test func perSampleSGDMatchesTheTutorial() throws {
        var network = Network(architecture: try Architecture(parsing: "seed"), seed: 0)
        // Weights from the reference's formulas. Ours are (3, 3, 1, 8): index (i·3 + j)·8 + f.
        for f in 0..<8 { for i in 0..<3 { for j in 0..<3 {
            network.parameters[(i * 3 + j) * 8 + f] = Float(sin(Double(f * 9 + i * 3 + j + 1)) / 9)
        } } }
        let denseStart = 72
        for p in 0..<1352 { for n in 0..<10 {
            network.parameters[denseStart + p * 10 + n] = Float(cos(Double(p * 10 + n)) / 1352)
        } }
        for n in 0..<10 { network.parameters[denseStart + 13520 + n] = 0 }

        var optimizer = Optimizer(kind: .sgd, parameterCount: network.parameterCount)
        let workspace = Workspace(network: network, capacity: 1)
        let labels: [UInt8] = [3, 7, 1, 3]
        let expectedLosses = [2.301855862, 2.307161914, 2.311790545, 2.271649347]
        for (step, label) in labels.enumerated() {
            for i in 0..<28 { for j in 0..<28 {
                let value = (8..<20).contains(i) && (10..<18).contains(j) ? (i * 31 + j * 17 + step * 50) % 256 : 0
                workspace.input[i * 28 + j] = Float(value) / 255 - 0.5
            } }
            workspace.parameterGradient.update(repeating: 0)
            let (loss, _) = [label].withUnsafeBufferPointer { network.trainStep(workspace, batch: 1, labels: $0.baseAddress!, gradientScale: 1) }
            #expect(abs(loss - expectedLosses[step]) < 2e-5, "step \(step): loss \(loss)")
            optimizer.step(parameters: &network.parameters, gradient: UnsafeBufferPointer(workspace.parameterGradient), learningRate: 0.005)
        }
        let expectedFilter0: [Float] = [0.093790664, 0.101329400, 0.015949520, -0.083817763, -0.106282543, -0.030774763,
                                        0.073272544, 0.110192869, 0.046067803]
        for (index, expected) in expectedFilter0.enumerated() {
            #expect(abs(network.parameters[index * 8] - expected) < 2e-6, "filter 0, weight \(index)")
        }
        let expectedWeights700: [Float] = [0.000673156008, -2.4573581e-05, -0.000570639444, -0.000826403633, -9.7430043e-05,
                                           0.000575945861, 0.00075251622, 0.000181140752, -0.00042809808, -0.000699831394]
        for (n, expected) in expectedWeights700.enumerated() {
            #expect(abs(network.parameters[denseStart + 700 * 10 + n] - expected) < 1e-7, "weights[700, \(n)]")
        }
        let expectedBiases: [Float] = [-0.00198558058, 0.00299094229, -0.0019870571, 0.00794459703, -0.00198634395,
                                       -0.00198557795, -0.00198546104, 0.00296853295, -0.00198690897, -0.00198714268]
        for (n, expected) in expectedBiases.enumerated() {
            #expect(abs(network.parameters[denseStart + 13520 + n] - expected) < 1e-7, "bias \(n)")
        }
    }
}
