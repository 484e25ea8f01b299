@testable import DigitCore
import Testing

/// The vectorised square minimum and maximum against their definition, on sizes that are and are not
/// multiples of the vector width, with radii below and beyond the image's size.
@Suite struct MorphologyTests {
    func bruteForce(_ image: GrayImage, radius: Int, maximum: Bool) -> GrayImage {
        var result = image
        for y in 0..<image.height {
            for x in 0..<image.width {
                var value: UInt8 = maximum ? 0 : 255
                for ny in max(0, y - radius)...min(image.height - 1, y + radius) {
                    for nx in max(0, x - radius)...min(image.width - 1, x + radius) {
                        value = maximum ? max(value, image[nx, ny]) : min(value, image[nx, ny])
                    }
                }
                result[x, y] = value
            }
        }
        return result
    }

    @Test(arguments: [(1, 1), (5, 3), (16, 16), (17, 9), (40, 33), (3, 50)])
    func squareExtremesAreTheSquaresMinimumAndMaximum(width: Int, height: Int) {
        var generator = SeededGenerator(seed: UInt64(width * 100 + height))
        let image = GrayImage(width: width, height: height, pixels: (0..<width * height).map { _ in UInt8.random(in: 0...255, using: &generator) })
        for radius in [1, 2, 4, 7, 30] {
            for maximum in [false, true] {
                #expect(image.squareExtreme(radius: radius, maximum: maximum) == bruteForce(image, radius: radius, maximum: maximum),
                        "\(width)×\(height), radius \(radius), \(maximum ? "max" : "min")")
            }
        }
    }

    @Test func transposingTwiceGivesTheImageBack() {
        let image = GrayImage(width: 37, height: 21, pixels: (0..<37 * 21).map { UInt8(truncatingIfNeeded: $0 * 7) })
        #expect(image.transposed().transposed() == image)
        #expect(image.transposed()[5, 30] == image[30, 5])
    }
}
