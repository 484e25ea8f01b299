/// A trained network, or an ensemble of networks of one architecture, with what a user needs to
/// trust it: the softmax temperature that calibrates its confidence, and how it was made (data,
/// command, seed, accuracy, date, ...).
///
/// An ensemble's logits are the mean of its members' logits (the softmax of that mean is the
/// normalised geometric mean of their probabilities); the temperature applies to that mean.
public struct Model: Sendable {
    /// One network, or the members of an ensemble, all of the same architecture.
    public let networks: [Network]
    /// Logits are divided by this before the softmax; fitted on held-out data so that confidence means what it says.
    public var temperature: Float
    /// Free-form facts about the model, written to and read from the model file in key order.
    public var metadata: [String: String]

    public init(networks: [Network], temperature: Float = 1, metadata: [String: String] = [:]) {
        precondition(!networks.isEmpty && networks.allSatisfy { $0.architecture == networks[0].architecture },
                     "an ensemble's members share one architecture")
        self.networks = networks
        self.temperature = temperature
        self.metadata = metadata
    }

    public init(network: Network, temperature: Float = 1, metadata: [String: String] = [:]) {
        self.init(networks: [network], temperature: temperature, metadata: metadata)
    }

    public var architecture: Architecture { networks[0].architecture }
    public var parameterCount: Int { networks.reduce(0) { $0 + $1.parameterCount } }
    public var classCount: Int { networks[0].classCount }

    /// A workspace for `forward`, holding `capacity` images (every member runs in it in turn).
    public func makeWorkspace(capacity: Int) -> Workspace { Workspace(network: networks[0], capacity: capacity, training: false) }

    /// Runs `workspace.input[0..<batch]` through every member; writes the mean logits, (batch, classes).
    public func forward(_ workspace: Workspace, batch: Int, logits: UnsafeMutablePointer<Float>) {
        let count = batch * classCount
        for (index, network) in networks.enumerated() {
            network.forward(workspace, batch: batch)
            if index == 0 {
                logits.update(from: workspace.logits, count: count)
            } else {
                for j in 0..<count { logits[j] += workspace.logits[j] }
            }
        }
        guard networks.count > 1 else { return }
        let scale = 1 / Float(networks.count)
        for j in 0..<count { logits[j] *= scale }
    }

    /// The (mean) logits for every image of `set`, (count, classes), before the temperature.
    /// `progress` hears of each finished batch, member by member (count × members in all).
    public func logits(for set: MNISTSet, threads: Int = processorCount, progress: (@Sendable (Int) -> Void)? = nil) -> [Float] {
        var result = networks[0].logits(for: set, threads: threads, progress: progress)
        guard networks.count > 1 else { return result }
        for network in networks.dropFirst() {
            for (index, value) in network.logits(for: set, threads: threads, progress: progress).enumerated() { result[index] += value }
        }
        let scale = 1 / Float(networks.count)
        for index in result.indices { result[index] *= scale }
        return result
    }

    /// Evaluates the model, its temperature applied, on a labelled set.
    public func evaluate(on set: MNISTSet, threads: Int = processorCount, progress: (@Sendable (Int) -> Void)? = nil) -> Evaluation {
        let clock = ContinuousClock()
        var probabilities: [Float] = []
        let elapsed = clock.measure {
            probabilities = logits(for: set, threads: threads, progress: progress)
            softmaxRows(&probabilities, classes: classCount, temperature: temperature)
        }
        return Evaluation(probabilities: probabilities, labels: set.labels, classes: classCount, seconds: elapsed.seconds)
    }
}
