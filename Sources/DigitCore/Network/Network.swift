/// A convolutional network built from an `Architecture`: its layers and one flat parameter vector
/// (each layer's weights then biases, in layer order). The flat vector is what optimisers update,
/// gradients are reduced over and model files store.
public struct Network: Sendable {
    public let architecture: Architecture
    let layers: [any NetworkLayer]
    /// The layers as inference runs them (see `inferencePlan`): same parameters, same answers.
    let inferenceLayers: [any NetworkLayer]
    /// Where each layer's parameters start in `parameters`.
    let parameterOffsets: [Int]
    private var storage: ParameterStorage

    /// The flat parameter vector. A network read in place (a built-in model) copies its parameters
    /// into an array of its own the first time they are changed.
    public var parameters: [Float] {
        get {
            switch storage {
            case .owned(let array): array
            case .inPlace(let memory): Array(memory.buffer)
            }
        }
        _modify {
            var array = parameters
            storage = .owned([])   // `array` is then the only reference: changing it copies nothing
            defer { storage = .owned(array) }
            yield &array
        }
        set { storage = .owned(newValue) }
    }

    public var parameterCount: Int { withParameters(\.count) }
    public var inputShape: Shape { Architecture.inputShape }
    public var classCount: Int { Architecture.classCount }

    /// A network with freshly initialised weights: the tutorial's scheme for a network without ReLU
    /// (the seed), He initialisation otherwise.
    public init(architecture: Architecture, seed: UInt64) {
        self.init(architecture: architecture, parameters: nil)
        var parameters = [Float](repeating: 0, count: requiredParameterCount)
        var generator = SeededGenerator(seed: seed)
        let scheme: Initialization = architecture.layers.contains(.relu) ? .he : .tutorial
        parameters.withUnsafeMutableBufferPointer { all in
            for (layer, offset) in zip(layers, parameterOffsets) {
                let slice = UnsafeMutableBufferPointer(rebasing: all[offset..<offset + layer.parameterCount])
                layer.initialize(slice, scheme: scheme, using: &generator)
            }
        }
        storage = .owned(parameters)
    }

    public struct ParameterCountMismatch: Error, CustomStringConvertible {
        public let expected: Int, found: Int
        public var description: String { "the architecture needs \(expected) parameters, but \(found) were given" }
    }

    /// A network with the given parameters, e.g. read from a model file.
    public init(architecture: Architecture, parameters: [Float]) throws(ParameterCountMismatch) {
        self.init(architecture: architecture, parameters: nil)
        guard parameters.count == requiredParameterCount else {
            throw ParameterCountMismatch(expected: requiredParameterCount, found: parameters.count)
        }
        self.parameters = parameters
    }

    /// Parameters that live as long as the process and never change (the built-in models, in the
    /// binary's read-only data): read where they are, neither copied nor paged in before they are used.
    struct ImmortalParameters: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<Float>
        init(_ buffer: UnsafeBufferPointer<Float>) { self.buffer = buffer }
    }

    /// A network that reads its parameters in place.
    init(architecture: Architecture, parametersInPlace memory: ImmortalParameters) throws(ParameterCountMismatch) {
        self.init(architecture: architecture, parameters: nil)
        guard memory.buffer.count == requiredParameterCount else {
            throw ParameterCountMismatch(expected: requiredParameterCount, found: memory.buffer.count)
        }
        storage = .inPlace(memory)
    }

    private enum ParameterStorage {
        case owned([Float])
        case inPlace(ImmortalParameters)
    }

    /// Calls `body` with the parameters where they are.
    func withParameters<Result>(_ body: (UnsafeBufferPointer<Float>) -> Result) -> Result {
        switch storage {
        case .owned(let array): array.withUnsafeBufferPointer(body)
        case .inPlace(let memory): body(memory.buffer)
        }
    }

    /// How many parameters the layers hold together.
    private var requiredParameterCount: Int { parameterOffsets.last! + layers.last!.parameterCount }

    /// How many parameters a network of `architecture` holds, without initialising any.
    public static func parameterCount(of architecture: Architecture) -> Int {
        Network(architecture: architecture, parameters: nil).requiredParameterCount
    }

    /// Layers and offsets only; the callers fill in `parameters`.
    private init(architecture: Architecture, parameters: Void?) {
        self.architecture = architecture
        var layers: [any NetworkLayer] = []
        var shape = Architecture.inputShape
        for (index, spec) in architecture.layers.enumerated() {
            switch spec {
            case .conv3x3(let filters, let same, let bias):
                layers.append(Conv3x3Layer(input: shape, filters: filters, samePadding: same, bias: bias))
            case .maxPool2: layers.append(MaxPool2Layer(input: shape))
            case .relu: layers.append(ReLULayer(inputShape: shape))
            case .dense(let outputs): layers.append(DenseLayer(input: shape, outputs: outputs, isOutput: false))
            case .softmax(let classes): layers.append(DenseLayer(input: shape, outputs: classes, isOutput: true))
            }
            shape = layers[index].outputShape
        }
        self.layers = layers
        inferenceLayers = Self.inferencePlan(layers)
        var offsets: [Int] = []
        var total = 0
        for layer in layers {
            offsets.append(total)
            total += layer.parameterCount
        }
        parameterOffsets = offsets
        storage = .owned([])
    }
}

extension Network {
    /// The layers as inference runs them, with the same parameters and answers. Where a convolution is
    /// followed (after a ReLU or not) by a max pool:
    /// - an odd last row or column of the convolution's output, which the pool drops, is not computed
    ///   (17% of the default model's second convolution);
    /// - the ReLU comes after the pool, on a quarter of the values (max and ReLU commute).
    /// Training keeps the layers as specified: backward needs their shapes and order.
    static func inferencePlan(_ layers: [any NetworkLayer]) -> [any NetworkLayer] {
        var plan = layers
        for index in plan.indices {
            guard let convolution = plan[index] as? Conv3x3Layer else { continue }
            let hasReLU = index + 1 < plan.count && plan[index + 1] is ReLULayer
            let pool = index + (hasReLU ? 2 : 1)
            guard pool < plan.count, let pooling = plan[pool] as? MaxPool2Layer else { continue }
            let full = convolution.outputShape
            let even = Shape(height: full.height & ~1, width: full.width & ~1, channels: full.channels)
            plan[index] = convolution.cropped(to: even)
            if hasReLU {
                plan[index + 1] = MaxPool2Layer(input: even)
                plan[pool] = ReLULayer(inputShape: pooling.outputShape)
            } else {
                plan[pool] = MaxPool2Layer(input: even)
            }
        }
        return plan
    }
}

/// Activations, gradients and scratch for running a network on up to `capacity` samples at once.
/// Each thread has its own; buffers are allocated once and reused for every batch. A workspace made
/// for inference only has no gradient buffers, and its memory is only touched as it is used.
public final class Workspace {
    public let capacity: Int
    /// Made for training (gradient buffers, the full layers) or for inference only.
    let isTraining: Bool
    /// (capacity, 28, 28, 1): the batch to run, scaled to [-0.5, 0.5].
    public let input: UnsafeMutablePointer<Float>
    /// Each layer's output, and (for training) the gradient of the loss with respect to it.
    let activations: [UnsafeMutablePointer<Float>]
    let gradients: [UnsafeMutablePointer<Float>]
    let scratch: [UnsafeMutablePointer<Float>]
    /// Gradient of the loss with respect to every parameter, summed over the samples run (training only).
    public let parameterGradient: UnsafeMutableBufferPointer<Float>
    private var allocations: [UnsafeMutableRawPointer] = []

    public init(network: Network, capacity: Int, training: Bool = true) {
        self.capacity = capacity
        var allocations: [UnsafeMutableRawPointer] = []
        func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            if training { pointer.initialize(repeating: 0, count: max(count, 1)) }
            allocations.append(UnsafeMutableRawPointer(pointer))
            return pointer
        }
        isTraining = training
        let layers = training ? network.layers : network.inferenceLayers
        input = allocate(capacity * network.inputShape.count)
        var activations: [UnsafeMutablePointer<Float>] = []
        for (index, layer) in layers.enumerated() {
            // For inference a ReLU rewrites its input in place: nothing else reads it, and the batch's
            // activations then take half the cache.
            if !training && index > 0 && layer is ReLULayer {
                activations.append(activations[index - 1])
            } else {
                activations.append(allocate(capacity * layer.outputShape.count))
            }
        }
        self.activations = activations
        gradients = training ? network.layers.map { allocate(capacity * $0.outputShape.count) } : []
        scratch = layers.map { allocate(training ? $0.scratchCount(batch: capacity) : $0.forwardScratchCount(batch: capacity)) }
        parameterGradient = UnsafeMutableBufferPointer(start: training ? allocate(network.parameterCount) : nil,
                                                       count: training ? network.parameterCount : 0)
        self.allocations = allocations
    }

    deinit {
        for pointer in allocations { pointer.deallocate() }
    }

    /// The logits of the last forward pass: (batch, classes).
    public var logits: UnsafeMutablePointer<Float> { activations[activations.count - 1] }
}

extension Network {
    /// Runs `workspace.input[0..<batch]` through every layer; the logits land in `workspace.logits`.
    public func forward(_ workspace: Workspace, batch: Int) {
        precondition(batch <= workspace.capacity, "batch larger than the workspace")
        withParameters { parameters in
            var input = UnsafePointer(workspace.input)
            for (index, layer) in (workspace.isTraining ? layers : inferenceLayers).enumerated() {
                layer.forward(input, into: workspace.activations[index], batch: batch,
                              parameters: parameters.baseAddress! + parameterOffsets[index], scratch: workspace.scratch[index])
                input = UnsafePointer(workspace.activations[index])
            }
        }
    }

    /// Back-propagates the gradient already in `workspace.gradients.last` (with respect to the logits)
    /// and adds the parameter gradients into `workspace.parameterGradient`.
    func backward(_ workspace: Workspace, batch: Int) {
        withParameters { parameters in
            for index in layers.indices.reversed() {
                let input = index == 0 ? UnsafePointer(workspace.input) : UnsafePointer(workspace.activations[index - 1])
                layers[index].backward(
                    input: input, output: workspace.activations[index], outputGradient: workspace.gradients[index],
                    inputGradient: index == 0 ? nil : workspace.gradients[index - 1], batch: batch,
                    parameters: parameters.baseAddress! + parameterOffsets[index],
                    parameterGradient: workspace.parameterGradient.baseAddress! + parameterOffsets[index],
                    scratch: workspace.scratch[index])
            }
        }
    }

    /// Forward, softmax cross-entropy against `labels`, backward. The logits' gradient is scaled by
    /// 1 / `gradientScale` (the whole batch's size, when a thread runs only part of it), so that the
    /// summed parameter gradient is the batch mean. Returns the summed loss and the correct count.
    public func trainStep(_ workspace: Workspace, batch: Int, labels: UnsafePointer<UInt8>, gradientScale: Int) -> (loss: Double, correct: Int) {
        forward(workspace, batch: batch)
        let result = softmaxCrossEntropy(logits: workspace.logits, labels: labels, batch: batch, classes: classCount,
                                         logitGradient: workspace.gradients[layers.count - 1], scale: 1 / Float(gradientScale))
        backward(workspace, batch: batch)
        return result
    }

    /// The loss and parameter gradient for a batch, computed in one workspace: used by gradient checks.
    func loss(_ workspace: Workspace, batch: Int, labels: UnsafePointer<UInt8>) -> Double {
        forward(workspace, batch: batch)
        var total = 0.0
        for sample in 0..<batch {
            let row = workspace.logits + sample * classCount
            total += Double(crossEntropy(logits: row, label: Int(labels[sample]), classes: classCount))
        }
        return total / Double(batch)
    }
}
