/// Fully connected: (batch, inputs) · (inputs, outputs) + bias. The input is the previous layer's
/// (height, width, channels) block flattened in that order, as NumPy's flatten() does.
/// Weights are (inputs, outputs), then the biases: the tutorial's Softmax layer layout.
struct DenseLayer: NetworkLayer {
    let inputShape: Shape
    let outputShape: Shape
    /// The last layer, feeding the softmax: initialised for a linear output rather than a ReLU.
    let isOutput: Bool

    init(input: Shape, outputs: Int, isOutput: Bool) {
        inputShape = input
        outputShape = .vector(outputs)
        self.isOutput = isOutput
    }

    var inputs: Int { inputShape.count }
    var outputs: Int { outputShape.count }
    var parameterCount: Int { inputs * outputs + outputs }

    /// The transposed weights (outputs, inputs).
    func scratchCount(batch: Int) -> Int { inputs * outputs }

    func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, scheme: Initialization, using generator: inout SeededGenerator) {
        let weights = UnsafeMutableBufferPointer(rebasing: parameters[0..<inputs * outputs])
        switch scheme {
        case .tutorial: weights.fillNormal(scale: 1 / Float(inputs), using: &generator)
        case .he: weights.fillNormal(scale: ((isOutput ? 1 : 2) / Float(inputs)).squareRoot(), using: &generator)
        }
        for index in inputs * outputs..<parameters.count { parameters[index] = 0 }
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batch: Int,
                 parameters: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        matrixMultiply(m: batch, n: outputs, k: inputs, a: input, aRowStride: inputs, aColumnStride: 1,
                       b: parameters, bRowStride: outputs, c: output, cRowStride: outputs, accumulating: false,
                       rowStart: parameters + inputs * outputs)
    }

    func backward(input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>?, batch: Int, parameters: UnsafePointer<Float>,
                  parameterGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        // dW (inputs, outputs) += inputᵀ · dOut; db += Σ dOut
        matrixMultiply(m: inputs, n: outputs, k: batch, a: input, aRowStride: 1, aColumnStride: inputs,
                       b: outputGradient, bRowStride: outputs, c: parameterGradient, cRowStride: outputs, accumulating: true)
        addRowSums(of: outputGradient, rows: batch, columns: outputs, into: parameterGradient + inputs * outputs)
        guard let inputGradient else { return }
        // dInput (batch, inputs) = dOut (batch, outputs) · Wᵀ (outputs, inputs)
        transpose(parameters, rows: inputs, columns: outputs, into: scratch)
        matrixMultiply(m: batch, n: inputs, k: outputs, a: outputGradient, aRowStride: outputs, aColumnStride: 1,
                       b: scratch, bRowStride: inputs, c: inputGradient, cRowStride: inputs, accumulating: false)
    }
}
