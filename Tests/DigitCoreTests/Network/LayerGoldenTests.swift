@testable import DigitCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Hand-computed examples, the tutorial's among them.
@Suite struct LayerGoldenTests {
    /// The tutorial's worked example: a 4×4 image convolved with the vertical Sobel filter.
    let image: [Float] = [0, 50, 0, 29,
                          0, 80, 31, 2,
                          33, 90, 0, 75,
                          0, 9, 0, 95]
    let sobel: [Float] = [-1, 0, 1,
                          -2, 0, 2,
                          -1, 0, 1]

    func convolve(samePadding: Bool) -> [Float] {
        let layer = Conv3x3Layer(input: Shape(height: 4, width: 4, channels: 1), filters: 1, samePadding: samePadding, bias: false)
        var output = [Float](repeating: .nan, count: layer.outputShape.count)
        var scratch = [Float](repeating: 0, count: layer.scratchCount(batch: 1))
        layer.forward(image, into: &output, batch: 1, parameters: sobel, scratch: &scratch)
        return output
    }

    @Test func sobelValidPadding() {
        // Top-left: (0·−1 + 50·0 + 0·1) + (0·−2 + 80·0 + 31·2) + (33·−1 + 90·0 + 0·1) = 29.
        #expect(convolve(samePadding: false) == [29, -192, -35, -22])
    }

    @Test func samePaddingKeepsTheSize() {
        let output = convolve(samePadding: true)
        #expect(output.count == 16)
        // The 2×2 centre is the valid result; the top-left corner sees zeros beyond the border: 2·50 + 80 = 180.
        #expect([output[5], output[6], output[9], output[10]] == [29, -192, -35, -22])
        #expect(output[0] == 180)
    }

    @Test func maxPoolingAndItsGradientRouting() {
        let layer = MaxPool2Layer(input: Shape(height: 4, width: 5, channels: 1))   // the odd last column is dropped
        let input: [Float] = [1, 2, 5, 0, 9,
                              3, 4, 5, 1, 9,
                              0, 0, -1, -3, 9,
                              0, -2, -2, -4, 9]
        var output = [Float](repeating: .nan, count: 4)
        var scratch: [Float] = [0]
        layer.forward(input, into: &output, batch: 1, parameters: [], scratch: &scratch)
        #expect(output == [4, 5, 0, -1])
        var inputGradient = [Float](repeating: .nan, count: 20)
        var parameterGradient: [Float] = [0]
        layer.backward(input: input, output: output, outputGradient: [10, 20, 30, 40], inputGradient: &inputGradient,
                       batch: 1, parameters: [], parameterGradient: &parameterGradient, scratch: &scratch)
        // Ties (the two 5s, the three 0s) all receive the gradient, as in the tutorial.
        #expect(inputGradient == [0, 0, 20, 0, 0,
                                  0, 10, 20, 0, 0,
                                  30, 30, 40, 0, 0,
                                  30, 0, 0, 0, 0])
    }

    @Test func softmaxOfKnownLogits() {
        var probabilities = [Float](repeating: 0, count: 3)
        softmax([1, 2, 3], classes: 3, into: &probabilities)
        let expected: [Float] = [0.09003057, 0.24472847, 0.66524096]
        for (p, e) in zip(probabilities, expected) { #expect(abs(p - e) < 1e-6) }
        // Large logits do not overflow; temperature 2 halves them first.
        softmax([1000, 1000, 1000], classes: 3, into: &probabilities)
        #expect(probabilities.allSatisfy { abs($0 - 1.0 / 3) < 1e-6 })
        softmax([2, 4, 6], classes: 3, temperature: 2, into: &probabilities)
        for (p, e) in zip(probabilities, expected) { #expect(abs(p - e) < 1e-6) }
        #expect(abs(crossEntropy(logits: [1, 2, 3], label: 0, classes: 3) - 2.40760596) < 1e-5)
    }

    @Test func notADigitIsTrainedTowardsEqualProbabilities() {
        let logits: [Float] = [2, 0, 0, 0, 0, 0, 0, 0, 0, 1] + [2, 0, 0, 0, 0, 0, 0, 0, 0, 1]
        var gradient = [Float](repeating: 0, count: 20)
        let (loss, correct) = softmaxCrossEntropy(logits: logits, labels: [0, MNISTSet.notADigit], batch: 2, classes: 10,
                                                  logitGradient: &gradient, scale: 1)
        var probabilities = [Float](repeating: 0, count: 10)
        softmax(logits, classes: 10, into: &probabilities)
        #expect(correct == 1)
        for j in 0..<10 {
            #expect(abs(gradient[j] - (probabilities[j] - (j == 0 ? 1 : 0))) < 1e-6)
            #expect(abs(gradient[10 + j] - (probabilities[j] - 0.1)) < 1e-6)
        }
        let uniformLoss = -probabilities.reduce(0.0) { $0 + Double(log($1)) } / 10
        #expect(abs(loss - (-Double(log(probabilities[0])) + uniformLoss)) < 1e-5)
    }
}
