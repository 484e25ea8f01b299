/// The shape of one sample's activations, stored height-major then width then channel: (height, width, channels).
/// A batch of them is (batch, height, width, channels), contiguous.
public struct Shape: Equatable, Sendable, CustomStringConvertible {
    public var height: Int
    public var width: Int
    public var channels: Int

    public init(height: Int, width: Int, channels: Int) {
        self.height = height
        self.width = width
        self.channels = channels
    }

    /// A flat vector of `count` values, as dense layers see it.
    public static func vector(_ count: Int) -> Shape { Shape(height: 1, width: 1, channels: count) }

    public var count: Int { height * width * channels }
    public var description: String { height == 1 && width == 1 ? "\(channels)" : "\(height)×\(width)×\(channels)" }
}
