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
    /// How far ink stands above what an opening leaves at least, to count (0-255): clean paper's grain does not.
    static let leastClearInk = 24
    /// The least ink, as a share of the image, that counts as strokes rather than specks.
    static let significantShare = 0.003

    /// The radii tried, at the measuring size (up to 45% of its shorter side).
    let radii: [Int]
    /// The pixels that each radius's opening takes away (clearly above the grain).
    let areas: [Int]
    /// The image's pixels per pixel at the measuring size.
    let factor: Double
    let pixelCount: Int

    /// Measures `inkHigh`, with all the radii, or only until `openingRadius` is known (`untilChosen`).
    init(_ inkHigh: GrayImage, untilChosen: Bool = false) {
        self.init(measuring: Self.measuringImage(inkHigh), factor: Self.factor(inkHigh), untilChosen: untilChosen)
    }

    /// Measures an image already at the measuring size, `factor` times smaller than the image it stands for,
    /// with the radii up to `largest`.
    init(measuring small: GrayImage, factor: Double, radiiUpTo largest: Int = Int.max, untilChosen: Bool = false) {
        self.factor = factor
        pixelCount = small.pixels.count
        let tried = Self.candidateRadii.filter { $0 <= min(largest, max(1, min(small.width, small.height) * 45 / 100)) }
        let clearly = max(Self.leastClearInk, Self.noiseLevel(small))
        var areas: [Int] = []
        for radius in tried {
            let opening = small.opened(radius: radius)
            var area = 0
            for (value, paper) in zip(small.pixels, opening.pixels) where Int(value) - Int(paper) > clearly { area += 1 }
            areas.append(area)
            if untilChosen && Self.chosenIndex(tried, areas, pixelCount: pixelCount, complete: false) != nil { break }
        }
        self.areas = areas
        radii = Array(tried.prefix(areas.count))
    }

    /// How many of the image's pixels make one at the measuring size, along each side.
    static func factor(_ image: GrayImage) -> Double { max(1, Double(min(image.width, image.height)) / Double(measuringSide)) }

    /// The image shrunk (area-averaged) to the measuring size.
    static func measuringImage(_ image: GrayImage) -> GrayImage {
        let factor = factor(image)
        guard factor > 1 else { return image }
        return image.resized(width: max(1, Int((Double(image.width) / factor).rounded())),
                             height: max(1, Int((Double(image.height) / factor).rounded())))
    }

    /// The widest strokes, as a radius at the measuring size (a marker filling a small frame): what only a
    /// wider opening takes away is broad, a lamp's light or a sheet of paper.
    static let widestStrokeRadius = 8
    /// The widest that strokes first show at when they take away more at every radius (a blurred digit).
    static let thinStrokeRadius = 3

    /// The index of the first radius whose opening takes away enough ink to be strokes.
    static func firstSignificant(_ areas: [Int], pixelCount: Int) -> Int? {
        areas.firstIndex { Double($0) >= significantShare * Double(pixelCount) }
    }

    /// The same, if that radius is no wider than strokes are.
    static func firstStrokes(_ radii: [Int], _ areas: [Int], pixelCount: Int) -> Int? {
        firstSignificant(areas, pixelCount: pixelCount).flatMap { radii[$0] <= widestStrokeRadius ? $0 : nil }
    }

    /// The radius (in the image's pixels) for the paper's opening: one step past the first at which the ink
    /// taken away stops growing (by 10% or less), so that strokes' junctions, wider than the strokes, go too.
    /// The smallest radius when nothing is as thin as strokes (a blank page, however shaded), or when what is
    /// taken away never stops growing and started wide.
    var openingRadius: Int {
        let chosen = Self.chosenIndex(radii, areas, pixelCount: pixelCount, complete: true) ?? 0
        return max(2, Int((Double(radii[chosen]) * factor).rounded()))
    }

    /// `openingRadius`'s index among the radii measured so far; nil while more radii could change it, unless
    /// `complete` (all radii measured: then the largest, when the ink never stops growing).
    static func chosenIndex(_ radii: [Int], _ areas: [Int], pixelCount: Int, complete: Bool) -> Int? {
        guard let grown = firstStrokes(radii, areas, pixelCount: pixelCount) else {
            // Nothing as thin as strokes, for good once the radii are past the widest stroke's.
            return complete || radii[areas.count - 1] > widestStrokeRadius ? 0 : nil
        }
        for index in grown..<(areas.count - 1) where Double(areas[index + 1]) <= 1.1 * Double(areas[index]) { return index + 1 }
        // Growing on to the widest radius: blurred strokes, widening towards their junctions, when thin ink
        // came first; a broad hump of light (a lamp's spot on a dark page) when nothing thin did.
        return complete ? (radii[grown] <= Self.thinStrokeRadius ? areas.count - 1 : 0) : nil
    }

    /// The radii that measure the thinnest structures.
    static let thinRadii = 2

    /// What the `thinRadii` smallest openings take away: the thinnest structures.
    var thinArea: Int { areas.prefix(Self.thinRadii).reduce(0, +) }

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
