/// An 8-bit grayscale image: row-major, 0 is black and 255 is white, as a viewer shows it.
public struct GrayImage: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// (height, width), row-major.
    public var pixels: [UInt8]

    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width >= 0 && height >= 0 && pixels.count == width * height, "pixel count must be width × height")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A blank image filled with one value.
    public init(width: Int, height: Int, filledWith value: UInt8) {
        self.init(width: width, height: height, pixels: [UInt8](repeating: value, count: width * height))
    }

    public subscript(x: Int, y: Int) -> UInt8 {
        get { pixels[y * width + x] }
        set { pixels[y * width + x] = newValue }
    }

    /// Black for white: 255 - every pixel.
    public func inverted() -> GrayImage {
        var result = self
        result.pixels.withUnsafeMutableBufferPointer { pixels in
            for index in pixels.indices { pixels[index] = 255 - pixels[index] }
        }
        return result
    }
}
