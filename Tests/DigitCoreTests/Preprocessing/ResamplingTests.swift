@testable import DigitCore
import Testing

/// Resizing against a double-precision reference: area averaging when shrinking, bilinear sampling at the
/// pixels' centres when enlarging, each axis on its own.
@Suite struct ResamplingTests {
    /// The weights one output sample along an axis of `source` samples, resized to `target`, gives each input.
    static func weights(_ output: Int, from source: Int, to target: Int) -> [Int: Double] {
        let scale = Double(source) / Double(target)
        if target < source {
            let (start, end) = (Double(output) * scale, Double(output + 1) * scale)
            var weights: [Int: Double] = [:]
            for index in Int(start)..<min(source, Int(end.rounded(.up))) {
                let overlap = min(end, Double(index + 1)) - max(start, Double(index))
                if overlap > 0 { weights[index] = overlap / scale }
            }
            return weights
        }
        let centre = min(max((Double(output) + 0.5) * scale - 0.5, 0), Double(source - 1))
        let left = Int(centre), right = min(left + 1, source - 1)
        let fraction = centre - Double(left)
        return left == right ? [left: 1] : [left: 1 - fraction, right: fraction]
    }

    @Test(arguments: zip([17, 17, 50, 36, 5], [11, 40, 50, 23, 1]))
    func resizingMatchesTheReference(width: Int, height: Int) {
        var generator = SeededGenerator(seed: 7)
        let image = GrayImage(width: 37, height: 23, pixels: (0..<37 * 23).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let resized = image.resized(width: width, height: height)
        var worst = 0.0
        for y in 0..<height {
            for x in 0..<width {
                var value = 0.0
                for (row, rowWeight) in Self.weights(y, from: 23, to: height) {
                    for (column, columnWeight) in Self.weights(x, from: 37, to: width) {
                        value += rowWeight * columnWeight * Double(image[column, row])
                    }
                }
                worst = max(worst, abs(value - Double(resized[x, y])))
            }
        }
        #expect(worst <= 0.5 + 1e-3, "\(width)×\(height): off by up to \(worst)")
    }
}
