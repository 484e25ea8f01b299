/// A trained network with what a user needs to trust it: the softmax temperature that calibrates
/// its confidence, and how it was made (data, command, seed, accuracy, date, ...).
public struct Model: Sendable {
    public var network: Network
    /// Logits are divided by this before the softmax; fitted on held-out data so that confidence means what it says.
    public var temperature: Float
    /// Free-form facts about the model, written to and read from the model file in key order.
    public var metadata: [String: String]

    public init(network: Network, temperature: Float = 1, metadata: [String: String] = [:]) {
        self.network = network
        self.temperature = temperature
        self.metadata = metadata
    }

    public var architecture: Architecture { network.architecture }
}
