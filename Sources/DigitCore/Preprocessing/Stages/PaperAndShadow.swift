/// Stage 3, paper and shadow: takes the ink-high image, gives the paper's level under every pixel and the
/// ink flattened against it (0 is paper, 255 ink as strong as the paper is bright).
///
/// Ink is a stroke: two edges close together. A shadow, a lamp's light, a desk or a vignette is broad, or
/// has a single soft or hard edge. So the paper's level is the image opened with a square wider than the
/// strokes: the opening removes every bright (ink-high) structure narrower than the square, and keeps
/// steps, ramps and broad regions as they are, however sharp their edge. The square's size comes from the
/// strokes themselves: the ink that openings of growing size take away stops growing once the square is
/// wider than the strokes, until it reaches shadows and other broad things, much wider.
struct PaperAndShadow {
    /// The paper's level under every pixel.
    func paper(_ inkHigh: GrayImage) -> GrayImage {
        let radius = InkGranulometry(inkHigh, untilChosen: true).openingRadius
        let shorter = min(inkHigh.width, inkHigh.height)
        let (crop, filled) = (shorter < Self.smallCropSide, radius * Self.filledFrame >= shorter)
        guard crop || filled else { return inkHigh.opened(radius: radius) }
        let paper = percentile(histogram(of: inkHigh.pixels), 0.25)
        guard crop || Self.borderIsMostlyPaper(inkHigh, paper: paper) else { return inkHigh.opened(radius: radius) }
        return inkHigh.opened(radius: radius, beyond: UInt8(paper))
    }

    /// Images narrower than this on their shorter side are crops of a digit (28 to 64 pixels, as data sets and
    /// enlarged thumbnails are), too small for a page with shading around a sheet. There it is the digit's
    /// strokes that reach the border, a 7's bar along the top of a tight crop: beyond the border lies paper
    /// (the lower quartile), not more of the border, or the bar, repeated outwards, is broad enough to be paper
    /// and the 7 is read as a 1. (A page's border is repeated: light rising towards it is shading.)
    static let smallCropSide = 72
    /// So is a larger image whose opening's radius is at least its shorter side over this (strokes that wide
    /// fill the frame: a small digit enlarged to 128-400 pixels), and whose border is mostly paper: a sheet on a
    /// desk, whose strokes may measure as wide, has desk all round.
    static let filledFrame = 8

    /// Whether most of the border lies within the grain of `paper` (ink-high).
    static func borderIsMostlyPaper(_ inkHigh: GrayImage, paper: Int) -> Bool {
        let (right, bottom) = (inkHigh.width - 1, inkHigh.height - 1)
        // The top and bottom rows whole, the left and right columns between them.
        let border = (0...right).flatMap { [(x: $0, y: 0), (x: $0, y: bottom)] } + (0...bottom).dropFirst().dropLast().flatMap { [(x: 0, y: $0), (x: right, y: $0)] }
        let paperBorder = border.count { Int(inkHigh[$0.x, $0.y]) <= paper + InkGranulometry.leastClearInk }
        return paperBorder * 2 > border.count
    }

    /// Paper darker than this (0–255) is measured as if it were this bright, so that nearly black paper's
    /// grain is not magnified into ink.
    static let darkestPaper = 32

    /// What is left above the paper. Dark ink is measured relative to the paper's brightness: light falls on
    /// ink and paper alike, so ink in the shade counts as much as ink in the light. Light ink (chalk, an
    /// inverted scan) is not: where its dark ground is lit brighter, its strokes are brighter too, and the
    /// scale would only magnify the ground's shading (a lamp's spot on a dark page read as a 0).
    func flattened(_ inkHigh: GrayImage, paper: GrayImage, darkInk: Bool) -> GrayImage {
        var result = inkHigh
        for index in inkHigh.pixels.indices {
            let level = Int(paper.pixels[index])
            let ink = (Int(inkHigh.pixels[index]) - level) * 255 / (darkInk ? max(255 - level, Self.darkestPaper) : 255)
            result.pixels[index] = UInt8(max(0, min(255, ink)))
        }
        return result
    }
}
