/// Stage 5, components: takes the ink mask, gives the digit's ink cropped to its bounding box, everything
/// else (dust, specks, page edges) removed, contrast-stretched so that the strokes' core is full ink; nil
/// when no component is big enough to be a digit, or its ink does not stand clear of the paper around it.
struct DigitComponents {
    /// Least gap between the digit's mean ink level and the noise of the paper around it (its mean level plus
    /// two standard deviations; 0–255, after flattening) for a digit to count: faint ink on clean paper is a
    /// digit, grain on a blank page is not. Measured around the digit, not over the whole image: a desk's
    /// grain beside the sheet is no paper the digit was written on.
    var minimumContrast = 30.0
    /// How many of the largest components are tried as the digit before the page is taken to be blank.
    static let candidatesTried = 8

    /// The digit found: its crop, and the components it was chosen among (for `NumberLayout`).
    struct Found {
        var crop: GrayImage
        /// The component that is the digit's body.
        var main: Int
        var labels: [Int32]
        var components: [Component]
    }

    func digitCrop(_ found: InkMask.Result) -> Found? {
        let ink = found.ink
        let (width, height) = (ink.width, ink.height)
        let (labels, components) = connectedComponents(found.mask, width: width, height: height)
        guard !components.isEmpty else { return nil }

        let touchesBorder = { (c: Component) in c.minX == 0 || c.minY == 0 || c.maxX == width - 1 || c.maxY == height - 1 }
        let isPageEdge = { (c: Component) in Self.isPageEdge(c, width: width, height: height) }
        let largestArea = components.map(\.area).max()!
        let candidates = components.indices.filter { !isPageEdge(components[$0]) && components[$0].area * 50 >= largestArea }
        // The digit: the largest candidate, preferring those that do not touch the border, that is no speck
        // of dust and stands clear of the paper around it (a desk's grain does not: it is all around).
        let preferred = candidates.sorted { a, b in
            let (ca, cb) = (components[a], components[b])
            return (touchesBorder(ca) ? 0 : 1, ca.area) > (touchesBorder(cb) ? 0 : 1, cb.area)
        }
        let standsAlone = { (index: Int) in
            standsClear(components[index], ink: ink, labels: labels) { labels[$0] == Int32(index) }
        }
        guard let main = preferred.prefix(Self.candidatesTried).first(where: { index in
            let c = components[index]
            return max(c.width, c.height) * 25 >= max(width, height) && max(c.width, c.height) >= 3 && standsAlone(index)
        }) else { return nil }
        let digit = components[main]
        // Nearby parts big enough to be strokes and smaller than the digit (a detached bar of a 5 or 7, the
        // dot-like end of a 9); at the border only if the digit is there too (else it is the desk).
        let reach = max(digit.width, digit.height) / 2
        var kept = Set([main])
        for index in candidates where index != main {
            let c = components[index]
            let gapX = max(0, max(c.minX - digit.maxX, digit.minX - c.maxX))
            let gapY = max(0, max(c.minY - digit.maxY, digit.minY - c.maxY))
            if c.area * 10 >= digit.area && c.area <= digit.area && gapX <= reach && gapY <= reach
                && (!touchesBorder(c) || touchesBorder(digit)) && standsAlone(index) { kept.insert(index) }
        }
        var box = digit
        for index in kept { box.merge(components[index]) }
        var keptLabels = [Bool](repeating: false, count: components.count)
        for index in kept { keptLabels[index] = true }
        let crop = Self.inkCrop(ink, labels: labels, box: box) { labels[$0] >= 0 && keptLabels[Int(labels[$0])] }
        return Found(crop: crop, main: main, labels: labels, components: components)
    }

    /// The `isKept` ink of `box`, cropped, stretched so that the strokes' core (their 80th percentile) is full
    /// ink, as in MNIST. Anti-aliased stroke edges lie just below the threshold: pixels next to kept ink stay,
    /// the rest is dropped.
    static func inkCrop(_ ink: GrayImage, labels: [Int32], box: Component, isKept: (Int) -> Bool) -> GrayImage {
        let (width, height) = (ink.width, ink.height)
        var crop = GrayImage(width: box.width, height: box.height, filledWith: 0)
        var strokeValues: [UInt8] = []
        for y in box.minY...box.maxY {
            for x in box.minX...box.maxX {
                let index = y * width + x
                if isKept(index) {
                    crop[x - box.minX, y - box.minY] = ink.pixels[index]
                    strokeValues.append(ink.pixels[index])
                } else if labels[index] < 0 && touchesKept(x, y, width, height, isKept) {
                    crop[x - box.minX, y - box.minY] = ink.pixels[index]
                }
            }
        }
        guard !strokeValues.isEmpty else { return crop }
        strokeValues.sort()
        let core = max(Double(strokeValues[strokeValues.count * 8 / 10]), 1)
        crop.pixels = crop.pixels.map { UInt8(clamping: Int((Double($0) * 255 / core).rounded())) }
        return crop
    }

    /// Page edges and shadows at the border: long and thin along the side they touch (a digit cut by the top
    /// of a small image is long too, but across that side). On a page (not a crop, whose digit may run along
    /// its side), so is a sliver of desk between the sheet's edge and the photo's, and a line across half the
    /// page or more, a few pixels thick (a sheet's edge, a ruled line at a slant: a digit's strokes are
    /// thicker for its size).
    static func isPageEdge(_ c: Component, width: Int, height: Int) -> Bool {
        let length = max(c.width, c.height)
        let isLine = (c.width * 2 >= width || c.height * 2 >= height) && c.area <= length * max(3, min(width, height) / 60)
        let isPage = min(width, height) >= Polarity.cropSide
        let alongSide = ((c.minX == 0 || c.maxX == width - 1) && c.height > height * 8 / 10)
            || ((c.minY == 0 || c.maxY == height - 1) && c.width > width * 8 / 10)
        let sliver = ((c.minX == 0 || c.maxX == width - 1) && c.height >= height / 2 && c.width * 100 <= width * 15)
            || ((c.minY == 0 || c.maxY == height - 1) && c.width >= width / 2 && c.height * 100 <= height * 15)
        return alongSide && Double(c.area) < 0.25 * Double(c.width * c.height) || isPage && (sliver || isLine)
    }

    /// Whether the `isKept` ink in `box` stands `minimumContrast` clear of the paper's noise around it (the
    /// box widened by a quarter of its size on each side, ink and the pixels next to it left out).
    func standsClear(_ box: Component, ink: GrayImage, labels: [Int32], isKept: (Int) -> Bool) -> Bool {
        let margin = max(4, max(box.width, box.height) / 4)
        var inkSum = 0.0, inkCount = 0.0, paperSum = 0.0, paperSquares = 0.0, paperCount = 0.0
        for y in max(0, box.minY - margin)...min(ink.height - 1, box.maxY + margin) {
            for x in max(0, box.minX - margin)...min(ink.width - 1, box.maxX + margin) {
                let index = y * ink.width + x, value = Double(ink.pixels[index])
                if isKept(index) {
                    (inkSum, inkCount) = (inkSum + value, inkCount + 1)
                } else if labels[index] < 0 && !Self.touchesKept(x, y, ink.width, ink.height, isKept) {
                    (paperSum, paperSquares, paperCount) = (paperSum + value, paperSquares + value * value, paperCount + 1)
                }
            }
        }
        guard inkCount > 0 else { return false }
        let paperMean = paperCount > 0 ? paperSum / paperCount : 0
        let paperDeviation = paperCount > 0 ? max(0, paperSquares / paperCount - paperMean * paperMean).squareRoot() : 0
        return inkSum / inkCount - (paperMean + 2 * paperDeviation) >= minimumContrast
    }

    /// Whether any pixel of the 3×3 neighbourhood of (x, y) is kept.
    private static func touchesKept(_ x: Int, _ y: Int, _ width: Int, _ height: Int, _ isKept: (Int) -> Bool) -> Bool {
        for ny in max(0, y - 1)...min(height - 1, y + 1) {
            for nx in max(0, x - 1)...min(width - 1, x + 1) where isKept(ny * width + nx) { return true }
        }
        return false
    }
}
