@testable import DigitCore
import Testing

/// The training distortions: none leaves an image as it is, each image's draw depends only on its
/// seed, and the elastic field is a smooth displacement of about a pixel or two.
@Suite struct AugmentationTests {
    /// A (28, 28) image in network values: a 3-pixel-wide ring, background −0.5.
    let ring: [Float] = (0..<784).map { index in
        let (x, y) = (Float(index % 28) - 13.5, Float(index / 28) - 13.5)
        return abs((x * x + y * y).squareRoot() - 7) < 1.5 ? 0.5 : -0.5
    }

    func distorted(_ augmentation: Augmentation, seed: UInt64) -> [Float] {
        var image = ring
        var generator = SeededGenerator(seed: seed)
        image.withUnsafeMutableBufferPointer { augmentation.apply(to: $0.baseAddress!, using: &generator) }
        return image
    }

    @Test func noDistortionLeavesTheImageAsItIs() {
        var none = Augmentation()
        (none.maxRotationDegrees, none.maxScaleChange, none.maxShear, none.maxShift) = (0, 0, 0, 0)
        (none.strokeChangeProbability, none.elasticAlpha) = (0, 0)
        #expect(distorted(none, seed: 3) == ring)
    }

    @Test func theSameSeedGivesTheSameDistortion() {
        #expect(distorted(Augmentation(), seed: 3) == distorted(Augmentation(), seed: 3))
        #expect(distorted(Augmentation(), seed: 3) != distorted(Augmentation(), seed: 4))
    }

    @Test func elasticFieldIsSmoothAndAboutAPixel() {
        var generator = SeededGenerator(seed: 11)
        var field = [Float](repeating: 0, count: 2 * 784)
        field.withUnsafeMutableBufferPointer { Augmentation().elasticField($0, side: 28, using: &generator) }
        let meanMagnitude = field.reduce(0) { $0 + abs($1) } / Float(field.count)
        #expect(meanMagnitude > 0.2 && meanMagnitude < 3, "mean displacement \(meanMagnitude) px")
        // Neighbours move together: a smoothed field, not per-pixel noise.
        var steepest: Float = 0
        for plane in 0..<2 {
            for y in 0..<28 {
                for x in 0..<27 { steepest = max(steepest, abs(field[plane * 784 + y * 28 + x + 1] - field[plane * 784 + y * 28 + x])) }
            }
        }
        #expect(steepest < 0.5 * meanMagnitude + 0.2)
    }

    @Test func elasticDistortionMovesInkButKeepsMostOfIt() {
        var elasticOnly = Augmentation()
        (elasticOnly.maxRotationDegrees, elasticOnly.maxScaleChange, elasticOnly.maxShear, elasticOnly.maxShift) = (0, 0, 0, 0)
        elasticOnly.strokeChangeProbability = 0
        let image = distorted(elasticOnly, seed: 5)
        let ink = { (pixels: [Float]) in pixels.reduce(0) { $0 + $1 + 0.5 } }
        #expect(image != ring)
        #expect(abs(ink(image) - ink(ring)) < 0.25 * ink(ring))
    }

    @Test func lowResolutionBlursAfterTheOtherDistortionsWithoutChangingThem() {
        var always = Augmentation()
        always.lowResolutionShare = 1
        let blurred = distorted(always, seed: 7), sharp = distorted(Augmentation(), seed: 7)
        #expect(blurred != sharp)
        // The same draw, then shrunk to one of the sides and enlarged back: one of them gives it exactly.
        let candidates = Augmentation.lowResolutionSides.map { small in
            var image = sharp
            image.withUnsafeMutableBufferPointer { Augmentation().losingResolution($0.baseAddress!, side: 28, to: small) }
            return image
        }
        #expect(candidates.contains(blurred))
    }

    @Test func losingResolutionBlursStrokesButKeepsTheirInk() {
        var image = ring
        image.withUnsafeMutableBufferPointer { Augmentation().losingResolution($0.baseAddress!, side: 28, to: 10) }
        let ink = { (pixels: [Float]) in pixels.reduce(0) { $0 + $1 + 0.5 } }
        #expect(abs(ink(image) - ink(ring)) < 0.1 * ink(ring))
        // Full ink no longer: a 3-pixel ring at 10 pixels for 28 is a pixel wide, its edges grey.
        #expect(image.max()! < 0.45 && image.contains { $0 > -0.4 && $0 < 0.2 })
    }
}
