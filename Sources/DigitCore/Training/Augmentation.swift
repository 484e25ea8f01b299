#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random distortions of training images, so that a network learns digits as people write and
/// photograph them, not only as MNIST centred them: small rotations, scaling, shear and shifts
/// (one affine map), an elastic distortion (Simard et al. 2003: a random displacement field smoothed
/// by a Gaussian), both sampled bilinearly, strokes made thinner or thicker, and, for a share of the images,
/// the resolution lost that a digit scanned at a few pixels has.
///
/// Each image's distortion is drawn from a generator seeded by (seed, epoch, image index), so results
/// do not depend on the thread count.
public struct Augmentation: Sendable, Equatable {
    public var maxRotationDegrees: Float = 12
    public var maxScaleChange: Float = 0.12
    public var maxShear: Float = 0.15
    public var maxShift: Float = 2.5
    /// Chance that an image's strokes are thickened or thinned by a 3×3 max or min filter.
    public var strokeChangeProbability: Float = 0.2
    /// Elastic distortion: displacements uniform in [-1, 1] px, smoothed by a Gaussian of this sigma
    /// (px), then scaled by `elasticAlpha`; 0 turns it off. Simard's α = 34, on top of the affine
    /// distortions, cost the default architecture 0.2 points of MNIST accuracy; 16 costs nothing.
    public var elasticAlpha: Float = 16
    public var elasticSigma: Float = 4
    /// Share of the images shrunk to `lowResolutionSides` pixels and enlarged back: their digit (20 of the 28
    /// pixels) drawn 7 to 13 pixels tall, as a thumbnail or a data set of small digits gives it.
    public var lowResolutionShare: Float = 0
    static let lowResolutionSides = 10...18

    public init() {}

    /// Distorts one (28, 28) image in place; values are the network's, background −0.5.
    func apply(to image: UnsafeMutablePointer<Float>, using generator: inout SeededGenerator) {
        let side = 28
        func uniform(_ range: Float) -> Float { (generator.nextUnit() * 2 - 1) * range }
        let angle = uniform(maxRotationDegrees) * .pi / 180
        let scale = 1 + uniform(maxScaleChange)
        let shear = uniform(maxShear)
        let (shiftX, shiftY) = (uniform(maxShift), uniform(maxShift))
        let strokeDraw = generator.nextUnit()
        let thicken = generator.nextUnit() < 0.5

        // The inverse map, from output pixel to source position: rotate, shear, scale about the centre.
        let (c, s) = (cosf(angle) / scale, sinf(angle) / scale)
        let centre = Float(side) / 2
        // Scratch on the stack: no allocation per training image. (28, 28) image copy, then the
        // (2, 28, 28) displacement field.
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 3 * side * side) { scratch in
            let source = UnsafeMutableBufferPointer(rebasing: scratch[0..<side * side])
            let field = UnsafeMutableBufferPointer(rebasing: scratch[(side * side)...])
            _ = source.update(fromContentsOf: UnsafeBufferPointer(start: image, count: side * side))
            if elasticAlpha > 0 {
                elasticField(field, side: side, using: &generator)
            } else {
                field.update(repeating: 0)
            }
            for y in 0..<side {
                for x in 0..<side {
                    let dx = Float(x) + 0.5 - centre - shiftX, dy = Float(y) + 0.5 - centre - shiftY
                    let sx = c * dx + s * dy + shear * dy + centre - 0.5 + field[y * side + x]
                    let sy = -s * dx + c * dy + centre - 0.5 + field[side * side + y * side + x]
                    image[y * side + x] = sample(UnsafeBufferPointer(source), side, sx, sy)
                }
            }
            if strokeDraw < strokeChangeProbability { morph(image, copy: source, side: side, thicken: thicken) }
        }
        // Drawn last, and only when asked for: the other distortions stay as they were without it.
        if lowResolutionShare > 0 && generator.nextUnit() < lowResolutionShare {
            let sides = Self.lowResolutionSides
            let small = sides.lowerBound + Int(generator.nextUnit() * Float(sides.count - 1) + 0.5)
            losingResolution(image, side: side, to: small)
        }
    }

    /// The (side, side) image shrunk to (small, small) by area averaging and enlarged back bilinearly, as
    /// `Fitting` enlarges a thumbnail's crop; in 8-bit levels, as images are.
    func losingResolution(_ image: UnsafeMutablePointer<Float>, side: Int, to small: Int) {
        let levels = (0..<side * side).map { UInt8(clamping: Int(((image[$0] + 0.5) * 255).rounded())) }
        let restored = GrayImage(width: side, height: side, pixels: levels).resized(width: small, height: small).resized(width: side, height: side)
        for (index, value) in restored.pixels.enumerated() { image[index] = Float(value) / 255 - 0.5 }
    }

    /// Fills `field` (2, side, side) with x then y displacements: uniform noise, blurred by a separable
    /// Gaussian (zero outside the image), times `elasticAlpha`.
    func elasticField(_ field: UnsafeMutableBufferPointer<Float>, side: Int, using generator: inout SeededGenerator) {
        let radius = Int((3 * elasticSigma).rounded(.up))
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * radius + 1 + side * side) { scratch in
            let kernel = UnsafeMutableBufferPointer(rebasing: scratch[0...2 * radius])
            let rows = UnsafeMutableBufferPointer(rebasing: scratch[(2 * radius + 1)...])
            for offset in -radius...radius {
                kernel[offset + radius] = expf(-Float(offset * offset) / (2 * elasticSigma * elasticSigma))
            }
            let scale = elasticAlpha / kernel.reduce(0, +) / kernel.reduce(0, +)   // two normalised passes, times α
            for plane in 0..<2 {
                let noise = UnsafeMutableBufferPointer(rebasing: field[(plane * side * side)..<((plane + 1) * side * side)])
                for index in noise.indices { noise[index] = generator.nextUnit() * 2 - 1 }
                for y in 0..<side {  // along rows, into `rows`
                    for x in 0..<side {
                        var sum: Float = 0
                        for k in max(-radius, -x)...min(radius, side - 1 - x) { sum += kernel[k + radius] * noise[y * side + x + k] }
                        rows[y * side + x] = sum
                    }
                }
                for y in 0..<side {  // along columns, back into the field, scaled
                    for x in 0..<side {
                        var sum: Float = 0
                        for k in max(-radius, -y)...min(radius, side - 1 - y) { sum += kernel[k + radius] * rows[(y + k) * side + x] }
                        noise[y * side + x] = sum * scale
                    }
                }
            }
        }
    }

    /// Bilinear sample; outside the image is background.
    private func sample(_ source: UnsafeBufferPointer<Float>, _ side: Int, _ x: Float, _ y: Float) -> Float {
        let x0 = Int(floorf(x)), y0 = Int(floorf(y))
        let fx = x - Float(x0), fy = y - Float(y0)
        func at(_ px: Int, _ py: Int) -> Float {
            px >= 0 && py >= 0 && px < side && py < side ? source[py * side + px] : -0.5
        }
        let top = at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx
        let bottom = at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx
        return top * (1 - fy) + bottom * fy
    }

    /// A 3×3 max (thicker strokes) or min (thinner) filter, blended half-way so strokes change by about a pixel.
    /// `copy` is scratch space of the image's size.
    private func morph(_ image: UnsafeMutablePointer<Float>, copy source: UnsafeMutableBufferPointer<Float>, side: Int, thicken: Bool) {
        _ = source.update(fromContentsOf: UnsafeBufferPointer(start: image, count: side * side))
        for y in 0..<side {
            for x in 0..<side {
                var extreme = source[y * side + x]
                for ny in max(0, y - 1)...min(side - 1, y + 1) {
                    for nx in max(0, x - 1)...min(side - 1, x + 1) {
                        extreme = thicken ? max(extreme, source[ny * side + nx]) : min(extreme, source[ny * side + nx])
                    }
                }
                image[y * side + x] = (source[y * side + x] + extreme) / 2
            }
        }
    }
}
