/// Stage 2, polarity: takes the working image (any polarity), gives it ink-high (inverted when the ink is
/// dark on light paper).
///
/// Four tests, each of which may not tell, tried in turn. A page whose border is its brightest is dark ink
/// on light paper. Otherwise ink is the thinnest thing there (`InkGranulometry`), but only thin things
/// clearly there overrule the other two tests agreeing with the border on light ink (a board's chalk may be
/// too bold to measure), and where the tiles say otherwise it is looked for at full size (squared paper's
/// squares are the thinnest things at the measuring size); where full size cannot tell either, only thin
/// things clearly there overrule the tiles (a bold digit filling its page leaves only its counters' narrow
/// gaps as thin light things). Else within each tile the paper is the bulk and
/// ink the extreme farther from it (tiles, because a gradient spreads the whole page's histogram both
/// ways), unless the page's median is its paper (a sheet on a desk covers most of the photo) and says
/// otherwise: then the thinnest things at full size decide, or else the page's median. A small image is a
/// crop around its digit, where ink may cover as much as the paper (a bold digit cropped tightly): there
/// the border tells first, either way, but where it says chalk and the light is broad (a sheet on a desk).
struct Polarity {
    /// Images whose shorter side is under this many pixels are crops: polarity from their border.
    static let cropSide = 96
    /// The most of a tile that ink's strokes cover (the tiles' test).
    static let strokeShare = 0.2
    /// The thin things that overrule the other tests agreeing on light ink: twice the least that counts as
    /// strokes. Bold chalk on the seed-2027 and 2028 numbers left 0.32-0.53% of the image; dark ink on the
    /// photo check set's lamp and perspective photos where the others agree, 1.2-3.4%.
    static let overrulingShare = 2 * InkGranulometry.significantShare

    /// The image ink-high, and whether its ink was dark.
    func inkHigh(_ image: GrayImage) -> (image: GrayImage, darkInk: Bool) {
        let darkInk = isDarkInk(image)
        return (darkInk ? image.inverted() : image, darkInk)
    }

    func isDarkInk(_ image: GrayImage) -> Bool {
        if min(image.width, image.height) < Self.cropSide {
            let byBorder = isDarkInkByBorder(image)
            // Dark all round, light the minority: a board's chalk, or a small photo of a sheet on a desk, which is
            // broad where strokes are not: the other tests tell.
            if byBorder == false && lightIsBroad(image) { return isDarkInkByThinness(image) ?? isDarkInkByTiles(image) }
            return byBorder ?? isDarkInkByThinness(image) ?? isDarkInkByTiles(image)
        }
        // A page's border may be a desk darker than the sheet: alone it only tells when it is the brightest,
        // and then first, the gaps inside a marker's bold strokes being thinner than the strokes themselves.
        let byBorder = isDarkInkByBorder(image)
        if byBorder == true { return true }
        // Asked only where needed: most pages are told by their thinnest things.
        lazy var byTiles = isDarkInkByTiles(image)
        lazy var byWholeImage = isDarkInkByWholeImage(image)
        // Light ink by the border, the tiles and the histogram alike (a board) is overruled only by thin things
        // that are clearly there: chalk too bold for the thinness test leaves it the few dark pixels between
        // its strokes.
        let allSayLight = byBorder == false && !byTiles && byWholeImage == false
        let thinness = thinness(image)
        if let thin = thinness.darkInk(atLeast: allSayLight ? Self.overrulingShare : nil) {
            // Squared paper's grid, a few pixels a square at the measuring size, leaves its paper as the thin
            // things there: where the tiles say otherwise, and the histogram does not side with it, the thinnest
            // things at full size decide. The histogram, the cheapest, is asked first: on most pages it agrees.
            guard byWholeImage != thin, byTiles != thin else { return thin }
            let atFullSize = isDarkInkByThinness(image, atFullSize: true)
            if atFullSize == byTiles { return byTiles }
            // Where full size cannot tell either, thin things that are not clearly there do not overrule the
            // tiles: a bold digit filling a shaded page leaves only the narrow gaps of its counters (a 4's, an
            // 8's) as thin light things, and was read as its gaps.
            if atFullSize == nil, thinness.darkInk(atLeast: Self.overrulingShare) == nil { return byTiles }
            return thin
        }
        if allSayLight { return false }
        guard let whole = byWholeImage, whole != byTiles else { return byTiles }
        // The page's histogram and its tiles disagree: a lamp's spot or a shadow spreads the one or fools the
        // other. The thinnest things decide, looked for at full size (small digits vanish at the measuring size).
        return isDarkInkByThinness(image, atFullSize: true) ?? whole
    }

    /// Whether most of the light (above Otsu's threshold) is broader than a quarter of the image's shorter side:
    /// a sheet, not strokes, however bold (a marker's are a sixth of the digit's height or less).
    func lightIsBroad(_ image: GrayImage) -> Bool {
        let threshold = otsuThreshold(image.pixels).threshold
        let opened = image.opened(radius: max(2, min(image.width, image.height) / 8))
        return opened.pixels.count { $0 > threshold } * 2 > image.pixels.count { $0 > threshold }
    }

    /// Ink is the thinnest thing on the page: the polarity whose two smallest openings take away 1.5 times
    /// as much is the ink's. A desk around the sheet, a shadow, a lamp's glare or the gaps between ruled
    /// lines are broader. Nil when neither stands out (strokes too faint or too bold to tell at the
    /// granulometry's size, or with `atFullSize` at the image's own), or when the thin things of either polarity
    /// take away less than `atLeast` of the image (by default, the least that counts as strokes).
    func isDarkInkByThinness(_ image: GrayImage, atFullSize: Bool = false, atLeast share: Double? = nil) -> Bool? {
        thinness(image, atFullSize: atFullSize).darkInk(atLeast: share)
    }

    /// What the thinness test measures: the thin things of each polarity, measured once and judged against
    /// either share.
    struct Thinness {
        /// The pixels the two smallest openings take away from the image with dark ink made high, and as it is.
        let dark: Double, light: Double
        let pixelCount: Double

        /// `isDarkInkByThinness`'s answer.
        func darkInk(atLeast share: Double? = nil) -> Bool? {
            guard max(dark, light) >= (share ?? InkGranulometry.significantShare) * pixelCount else { return nil }
            if dark >= 1.5 * light { return true }
            if light >= 1.5 * dark { return false }
            return nil
        }
    }

    func thinness(_ image: GrayImage, atFullSize: Bool = false) -> Thinness {
        // Only the smallest radii are needed, on the image (shrunk, unless at full size) and its inverse.
        let (small, factor) = atFullSize ? (image, 1) : (InkGranulometry.measuringImage(image), InkGranulometry.factor(image))
        let thinnest = InkGranulometry.candidateRadii[InkGranulometry.thinRadii - 1]
        let light = InkGranulometry(measuring: small, factor: factor, radiiUpTo: thinnest)
        let dark = InkGranulometry(measuring: small.inverted(), factor: factor, radiiUpTo: thinnest)
        return Thinness(dark: Double(dark.thinArea), light: Double(light.thinArea), pixelCount: Double(dark.pixelCount))
    }

    /// The paper is the page's median, and ink the extreme twice as far from it as the other: a sheet on a
    /// desk covers most of the photo. Nil when neither extreme is (shading spreads both ways).
    func isDarkInkByWholeImage(_ image: GrayImage) -> Bool? {
        let histogram = histogram(of: image.pixels)
        let median = percentile(histogram, 0.5)
        let (darkward, lightward) = (median - percentile(histogram, 0.01), percentile(histogram, 0.99) - median)
        if darkward >= 2 * lightward { return true }
        if lightward >= 2 * darkward { return false }
        return nil
    }

    func isDarkInkByTiles(_ image: GrayImage) -> Bool {
        var darkward = 0, lightward = 0
        for histogram in Tiling(image).histograms(image) {
            let (median, darkest, lightest) = (percentile(histogram, 0.5), percentile(histogram, 0.01), percentile(histogram, 0.99))
            // A tile across the edge of a sheet on a desk, or of a shadow, holds two broad regions: its
            // minority is no stroke, and says nothing of the ink.
            let total = Double(histogram.reduce(0, +))
            let darkShare = Double(histogram[0...((median + darkest) / 2)].reduce(0, +)) / total
            let lightShare = Double(histogram[((median + lightest + 1) / 2)...].reduce(0, +)) / total
            if darkShare <= Self.strokeShare { darkward += median - darkest }
            if lightShare <= Self.strokeShare { lightward += lightest - median }
        }
        return darkward >= lightward
    }

    /// The paper is the border's median level, and ink the extreme of the whole image farther from it. Nil
    /// when the border is not at either extreme (then it is no paper but a third thing, a desk around a
    /// sheet), or is the darkest but the light covers 55% or more and reaches the border (a sheet on a dark desk).
    func isDarkInkByBorder(_ image: GrayImage) -> Bool? {
        var border = [Int](repeating: 0, count: 256), whole = [Int](repeating: 0, count: 256)
        for y in 0..<image.height {
            for x in 0..<image.width {
                let value = Int(image[x, y])
                whole[value] += 1
                if x == 0 || y == 0 || x == image.width - 1 || y == image.height - 1 { border[value] += 1 }
            }
        }
        let (paper, darkest, lightest) = (percentile(border, 0.5), percentile(whole, 0.01), percentile(whole, 0.99))
        let position = Double(paper - darkest) / Double(max(lightest - darkest, 1))
        if position >= 0.8 { return true }
        guard position <= 0.2 else { return nil }
        // Dark all round: a board with light ink, or a desk around a light sheet. Chalk is the minority, or
        // at least never reaches the border as a sheet's corners do.
        let midway = (paper + lightest) / 2
        let light = whole[midway...].reduce(0, +), lightBorder = border[midway...].reduce(0, +)
        return light * 100 < image.pixels.count * 55 || lightBorder == 0 ? false : nil
    }
}

/// Square tiles of at least 32 pixels (smaller ones would mistake a thick stroke for paper), at most 8 × 8.
struct Tiling {
    let count: Int
    /// Tile t covers [bounds[t], bounds[t + 1]) along each axis.
    let xBounds: [Int], yBounds: [Int]

    init(_ image: GrayImage) {
        let count = min(8, max(1, min(image.width, image.height) / 32))
        self.count = count
        xBounds = (0...count).map { $0 * image.width / count }
        yBounds = (0...count).map { $0 * image.height / count }
    }

    /// Each tile's histogram, row by row.
    func histograms(_ image: GrayImage) -> [[Int]] {
        var histograms: [[Int]] = []
        for ty in 0..<count {
            for tx in 0..<count {
                var histogram = [Int](repeating: 0, count: 256)
                for y in yBounds[ty]..<yBounds[ty + 1] {
                    for x in xBounds[tx]..<xBounds[tx + 1] { histogram[Int(image.pixels[y * image.width + x])] += 1 }
                }
                histograms.append(histogram)
            }
        }
        return histograms
    }
}
