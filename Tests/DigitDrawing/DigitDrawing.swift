import DigitCore

#if canImport(Glibc)
import Glibc
#endif

/// Draws digits as a hand would, with a round pen, for the tests and the samples: no fonts, no
/// MNIST, only strokes through points of a unit box (x right, y down).
public enum DigitGlyphs {
    /// Each digit as one or more strokes, each a polyline in [0, 1] × [0, 1].
    public static func strokes(_ digit: Int) -> [[(Double, Double)]] {
        func arc(_ cx: Double, _ cy: Double, _ rx: Double, _ ry: Double, from start: Double, to end: Double, steps: Int = 24) -> [(Double, Double)] {
            (0...steps).map { step in
                let angle = (start + (end - start) * Double(step) / Double(steps)) * .pi / 180
                return (cx + rx * cos(angle), cy + ry * sin(angle))
            }
        }
        switch digit {
        case 0: return [arc(0.5, 0.5, 0.3, 0.45, from: -90, to: 270)]
        case 1: return [[(0.35, 0.2), (0.58, 0.05), (0.5, 0.95)]]
        case 2: return [arc(0.5, 0.3, 0.3, 0.25, from: 200, to: 380) + [(0.15, 0.95), (0.9, 0.95)]]
        case 3: return [arc(0.47, 0.27, 0.3, 0.22, from: 210, to: 450) + arc(0.47, 0.72, 0.33, 0.23, from: -90, to: 150)]
        case 4: return [[(0.65, 0.95), (0.65, 0.05), (0.1, 0.68), (0.9, 0.68)]]
        case 5: return [[(0.8, 0.05), (0.3, 0.05), (0.25, 0.45)] + arc(0.48, 0.66, 0.32, 0.29, from: -130, to: 150)]
        case 6: return [[(0.72, 0.05)] + arc(0.5, 0.68, 0.3, 0.27, from: 200, to: 560)]
        case 7: return [[(0.12, 0.05), (0.88, 0.05), (0.42, 0.95)]]
        case 8: return [arc(0.5, 0.27, 0.25, 0.22, from: 90, to: 450), arc(0.5, 0.72, 0.3, 0.23, from: -90, to: 270)]
        default: return [arc(0.5, 0.3, 0.27, 0.25, from: 0, to: 360) + [(0.77, 0.3), (0.7, 0.95)]]
        }
    }
}

/// A gray canvas to draw on.
public struct Canvas {
    public var image: GrayImage

    public init(width: Int, height: Int, paper: UInt8) {
        image = GrayImage(width: width, height: height, filledWith: paper)
    }

    /// Draws `digit` in the box (x, y, width, height) with a pen `penWidth` pixels wide, blending
    /// towards `ink` with anti-aliased edges.
    public mutating func draw(_ digit: Int, x: Double, y: Double, width: Double, height: Double, penWidth: Double, ink: UInt8) {
        for stroke in DigitGlyphs.strokes(digit) {
            let points = stroke.map { (x + $0.0 * width, y + $0.1 * height) }
            for (a, b) in zip(points, points.dropFirst()) { segment(a, b, penWidth: penWidth, ink: ink) }
        }
    }

    /// Draws a free polyline in pixel coordinates (scribbles, letters).
    public mutating func drawPolyline(_ points: [(Double, Double)], penWidth: Double, ink: UInt8) {
        for (a, b) in zip(points, points.dropFirst()) { segment(a, b, penWidth: penWidth, ink: ink) }
    }

    mutating func segment(_ a: (Double, Double), _ b: (Double, Double), penWidth: Double, ink: UInt8) {
        let radius = penWidth / 2
        let minX = max(0, Int(min(a.0, b.0) - radius - 1)), maxX = min(image.width - 1, Int(max(a.0, b.0) + radius + 1))
        let minY = max(0, Int(min(a.1, b.1) - radius - 1)), maxY = min(image.height - 1, Int(max(a.1, b.1) + radius + 1))
        guard minX <= maxX && minY <= maxY else { return }
        let (dx, dy) = (b.0 - a.0, b.1 - a.1)
        let length = max(dx * dx + dy * dy, 1e-12)
        for py in minY...maxY {
            for px in minX...maxX {
                let (cx, cy) = (Double(px) + 0.5, Double(py) + 0.5)
                let t = min(max(((cx - a.0) * dx + (cy - a.1) * dy) / length, 0), 1)
                let (ex, ey) = (cx - (a.0 + t * dx), cy - (a.1 + t * dy))
                let coverage = min(max(radius + 0.5 - (ex * ex + ey * ey).squareRoot(), 0), 1)
                guard coverage > 0 else { continue }
                let current = Double(image[px, py])
                let blended = current + (Double(ink) - current) * coverage
                // Overlapping strokes never lighten what is already drawn.
                let value = abs(Double(ink) - blended) < abs(Double(ink) - current) ? blended : current
                image[px, py] = UInt8(value.rounded())
            }
        }
    }

    /// Multiplies the image by a light falling off from one corner, as a desk lamp does.
    public mutating func unevenLight(darkest: Double) {
        for y in 0..<image.height {
            for x in 0..<image.width {
                let distance = Double(x + y) / Double(image.width + image.height)
                image[x, y] = UInt8((Double(image[x, y]) * (1 - (1 - darkest) * distance)).rounded())
            }
        }
    }

    /// Adds deterministic noise of up to ±amplitude, as paper texture or sensor grain.
    public mutating func noise(amplitude: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for index in image.pixels.indices {
            let delta = Int(generator.next() % UInt64(2 * amplitude + 1)) - amplitude
            image.pixels[index] = UInt8(clamping: Int(image.pixels[index]) + delta)
        }
    }
}
