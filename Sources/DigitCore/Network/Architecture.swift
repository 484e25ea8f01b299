/// A network's layers as short text, e.g. `conv3x3:8,maxpool2,softmax` (the tutorial's seed) or
/// `conv3x3:32,relu,maxpool2,conv3x3:64,relu,maxpool2,dense:128,relu,softmax`. The text is stored in
/// model files; shapes are checked when it is parsed.
///
/// - `conv3x3:K[:same][:bias]`: K filters of 3×3 over every input channel; valid padding unless `same`;
///   no bias unless `bias` (the tutorial's Conv3x3 has none).
/// - `maxpool2`: 2×2 max pooling, stride 2 (an odd last row or column is dropped).
/// - `relu`: max(0, x).
/// - `dense:N`: fully connected, N outputs, with bias.
/// - `softmax`: the last layer: fully connected to the 10 classes, with bias, then softmax.
public struct Architecture: Equatable, Sendable, CustomStringConvertible {
    public enum Layer: Equatable, Sendable {
        case conv3x3(filters: Int, samePadding: Bool, bias: Bool)
        case maxPool2
        case relu
        case dense(outputs: Int)
        case softmax(classes: Int)
    }

    public static let inputShape = Shape(height: 28, width: 28, channels: 1)
    public static let classCount = 10
    /// Names that stand for a whole specification.
    public static let aliases = ["seed": "conv3x3:8,maxpool2,softmax"]

    public let layers: [Layer]
    /// Output shape of each layer; the input is `inputShape`.
    public let shapes: [Shape]

    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Parses a specification or an alias such as `seed`.
    public init(parsing text: String) throws(ParseError) {
        let spec = Self.aliases[text] ?? text
        var layers: [Layer] = []
        var shape = Self.inputShape
        var shapes: [Shape] = []
        let items = spec.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
        for (index, item) in items.enumerated() {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            let position = "layer \(index + 1) '\(item)'"
            func number(_ text: String?) throws(ParseError) -> Int {
                guard let text, let value = Int(text), value > 0, value <= 4096 else {
                    throw ParseError(description: "\(position): expected a count from 1 to 4096")
                }
                return value
            }
            let layer: Layer
            switch parts[0] {
            case "conv3x3":
                let filters = try number(parts.count > 1 ? parts[1] : nil)
                let modifiers = Set(parts.dropFirst(2))
                guard modifiers.isSubset(of: ["same", "bias"]), modifiers.count == parts.count - 2 else {
                    throw ParseError(description: "\(position): conv3x3 takes only ':same' and ':bias' after the filter count")
                }
                layer = .conv3x3(filters: filters, samePadding: modifiers.contains("same"), bias: modifiers.contains("bias"))
            case "maxpool2" where parts.count == 1: layer = .maxPool2
            case "relu" where parts.count == 1: layer = .relu
            case "dense" where parts.count == 2: layer = .dense(outputs: try number(parts[1]))
            case "softmax" where parts.count == 1: layer = .softmax(classes: Self.classCount)
            default:
                throw ParseError(description: "\(position): unknown layer (expected conv3x3:K, maxpool2, relu, dense:N or softmax)")
            }
            if case .softmax = layer, index != items.count - 1 {
                throw ParseError(description: "\(position): softmax must be the last layer")
            }
            shape = try Self.outputShape(of: layer, input: shape, position: position)
            layers.append(layer)
            shapes.append(shape)
        }
        guard case .softmax = layers.last else {
            throw ParseError(description: "the last layer must be softmax")
        }
        self.layers = layers
        self.shapes = shapes
    }

    private static func outputShape(of layer: Layer, input: Shape, position: String) throws(ParseError) -> Shape {
        let isSpatial = input.height > 1 || input.width > 1
        switch layer {
        case .conv3x3(let filters, let same, _):
            guard isSpatial, same || (input.height >= 3 && input.width >= 3) else {
                throw ParseError(description: "\(position): needs an image of at least 3×3, but gets \(input)")
            }
            return same ? Shape(height: input.height, width: input.width, channels: filters)
                        : Shape(height: input.height - 2, width: input.width - 2, channels: filters)
        case .maxPool2:
            guard isSpatial, input.height >= 2, input.width >= 2 else {
                throw ParseError(description: "\(position): needs an image of at least 2×2, but gets \(input)")
            }
            return Shape(height: input.height / 2, width: input.width / 2, channels: input.channels)
        case .relu:
            return input
        case .dense(let outputs):
            return .vector(outputs)
        case .softmax(let classes):
            return .vector(classes)
        }
    }

    /// The canonical text, as stored in model files.
    public var description: String {
        layers.map { layer in
            switch layer {
            case .conv3x3(let filters, let same, let bias): "conv3x3:\(filters)" + (same ? ":same" : "") + (bias ? ":bias" : "")
            case .maxPool2: "maxpool2"
            case .relu: "relu"
            case .dense(let outputs): "dense:\(outputs)"
            case .softmax: "softmax"
            }
        }.joined(separator: ",")
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
