/// How much ink openings of growing size take away from an ink-high image: the measure of its strokes'
/// width that the polarity and the paper stages share.
///
/// An opening with a square of radius r takes away the bright structures narrower than 2r+1. What it takes
/// away, counted where it stands clearly above the grain, grows as r passes the strokes' half-width, then
/// stops growing until r reaches shadows and other broad things, much wider. Measured on the image shrunk
/// to `measuringSide`: the stroke width needs no more.
struct InkGranulometry {
    static let measuringSide = 80
    static let candidateRadii = [1, 2, 3, 4, 6, 8, 11, 16, 22, 32]
    /// The least ink, as a share of the image, that counts as strokes rather than specks.
    static let significantShare = 0.003

    /// The radii tried, at the measuring size (up to 45% of its shorter side).
    let radii: [Int]
    /// The pixels that each radius's opening takes away (clearly above the grain).
    let areas: [Int]
    /// The image's pixels per pixel at the measuring size.
    let factor: Double
    let pixelCount: Int

    init(_ inkHigh: GrayImage) {
        factor = max(1, Double(min(inkHigh.width, inkHigh.height)) / Double(Self.measuringSide))
        let small = factor > 1
            ? inkHigh.resized(width: max(1, Int((Double(inkHigh.width) / factor).rounded())),
                              height: max(1, Int((Double(inkHigh.height) / factor).rounded())))
            : inkHigh
        pixelCount = small.pixels.count
        radii = Self.candidateRadii.filter { $0 <= max(1, min(small.width, small.height) * 45 / 100) }
        let clearly = max(24, Self.noiseLevel(small))
        areas = radii.map { radius in
            zip(small.pixels, small.opened(radius: radius).pixels).reduce(0) { $0 + (Int($1.0) - Int($1.1) > clearly ? 1 : 0) }
        }
    }

    /// The widest strokes, as a radius at the measuring size (a marker filling a small frame): what only a
    /// wider opening takes away is broad, a lamp's light or a sheet of paper.
    static let widestStrokeRadius = 11

    /// The index of the first radius whose opening takes away enough ink to be strokes.
    var firstSignificant: Int? { areas.firstIndex { Double($0) >= Self.significantShare * Double(pixelCount) } }

    /// The same, if that radius is no wider than strokes are.
    var firstStrokes: Int? { firstSignificant.flatMap { radii[$0] <= Self.widestStrokeRadius ? $0 : nil } }

    /// What the two smallest openings take away: the thinnest structures.
    var thinArea: Int { areas.prefix(2).reduce(0, +) }

    /// The radius (in the image's pixels) for the paper's opening: one step past the first at which the ink
    /// taken away stops growing (by 10% or less), so that strokes' junctions, wider than the strokes, go too.
    /// The smallest radius when nothing is as thin as strokes (a blank page, however shaded).
    var openingRadius: Int {
        var chosen = 0
        if let grown = firstStrokes {
            chosen = radii.count - 1
            for index in grown..<(radii.count - 1) where Double(areas[index + 1]) <= 1.1 * Double(areas[index]) {
                chosen = index + 1
                break
            }
        }
        return max(2, Int((Double(radii[chosen]) * factor).rounded()))
    }

    /// Three standard deviations of the grain, estimated from the median difference between neighbours.
    static func noiseLevel(_ image: GrayImage) -> Int {
        guard image.width > 1 else { return 2 }
        var histogram = [Int](repeating: 0, count: 256)
        for y in 0..<image.height {
            for x in 0..<(image.width - 1) { histogram[abs(Int(image[x + 1, y]) - Int(image[x, y]))] += 1 }
        }
        // For Gaussian grain of deviation σ, neighbours differ by a median of 0.95σ.
        return Int(3 * Double(percentile(histogram, 0.5)) / 0.95) + 2
    }
}
