/// One layer of the network, working on a batch at a time through raw buffers laid out as
/// (batch, height, width, channels). Layers hold no mutable state: parameters, activations and
/// scratch live in buffers owned by the network and its per-thread workspaces, so one network can
/// run on several threads at once.
protocol NetworkLayer: Sendable {
    var inputShape: Shape { get }
    var outputShape: Shape { get }
    var parameterCount: Int { get }

    /// Floats of scratch space the layer needs for a batch; it stays untouched from forward to backward.
    func scratchCount(batch: Int) -> Int
    /// The part of that scratch space the forward pass uses (all an inference workspace needs).
    func forwardScratchCount(batch: Int) -> Int

    func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, scheme: Initialization, using generator: inout SeededGenerator)

    /// input: (batch, inputShape) → output: (batch, outputShape).
    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batch: Int,
                 parameters: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>)

    /// Adds this batch's parameter gradients into `parameterGradient`, and writes the gradient with
    /// respect to the input into `inputGradient` unless it is nil (the first layer needs none).
    func backward(input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>?, batch: Int, parameters: UnsafePointer<Float>,
                  parameterGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>)
}

extension NetworkLayer {
    func forwardScratchCount(batch: Int) -> Int { 0 }
}

/// How weights start out.
enum Initialization: Sendable {
    /// The NumPy tutorial's: conv filters randn / 9, dense weights randn / inputs (the seed network).
    case tutorial
    /// He et al. for layers feeding a ReLU: randn · √(2 / fan-in); the last layer randn · √(1 / fan-in).
    case he
}

extension UnsafeMutableBufferPointer<Float> {
    func fillNormal(scale: Float, using generator: inout SeededGenerator) {
        for index in indices { self[index] = generator.nextNormal() * scale }
    }
}
