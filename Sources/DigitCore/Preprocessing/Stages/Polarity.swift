/// Stage 2, polarity: takes the working image (any polarity), gives it ink-high (inverted when the ink is
/// dark on light paper).
///
/// On a page, ink is the thinnest thing there (`InkGranulometry`); where the strokes are too faint to
/// tell, within each tile the paper is the bulk (the median) and ink the extreme farther from it (tiles,
/// not the whole page, because a gradient spreads the page's histogram both ways and hides a thin
/// digit's tail). A small image is a crop around its digit, where ink may cover as much as the paper
/// (a bold digit cropped tightly): there the paper is what lies along the image's border.
struct Polarity {
    /// Images whose shorter side is under this many pixels are crops: polarity from their border.
    static let cropSide = 96
    /// The most of a tile that ink's strokes cover.
    static let strokeShare = 0.2

    func inkHigh(_ image: GrayImage) -> GrayImage {
        isDarkInk(image) ? GrayImage(width: image.width, height: image.height, pixels: image.pixels.map { 255 - $0 }) : image
    }

    func isDarkInk(_ image: GrayImage) -> Bool {
        if min(image.width, image.height) < Self.cropSide, let byBorder = isDarkInkByBorder(image) { return byBorder }
        return isDarkInkByStrokes(image) ?? isDarkInkByTiles(image)
    }

    /// Ink is the thinnest thing on the page: the polarity whose openings first take away enough ink to
    /// be strokes (at a smaller radius, or at the same one twice as much) is the ink's. A desk around the
    /// sheet, a shadow or a lamp's glare is broad. Nil when neither stands out (strokes too faint to
    /// measure at the granulometry's size, or as thin one way as the other).
    func isDarkInkByStrokes(_ image: GrayImage) -> Bool? {
        let dark = InkGranulometry(GrayImage(width: image.width, height: image.height, pixels: image.pixels.map { 255 - $0 }))
        let light = InkGranulometry(image)
        switch (dark.firstStrokes, light.firstStrokes) {
        case (nil, nil): return nil
        case (.some, nil): return true
        case (nil, .some): return false
        case (.some(let d), .some(let l)) where d != l: return d < l
        case (.some(let d), _):
            if dark.areas[d] >= 2 * light.areas[d] { return true }
            if light.areas[d] >= 2 * dark.areas[d] { return false }
            return nil
        }
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
    /// when the border is not at either extreme: then it is no paper but a third thing, a desk around a sheet.
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
        guard position <= 0.2 || position >= 0.8 else { return nil }
        return position >= 0.8
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
