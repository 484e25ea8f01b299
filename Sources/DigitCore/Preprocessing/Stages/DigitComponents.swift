/// Stage 5, components: takes the ink mask, gives the digit's ink cropped to its bounding box, everything
/// else (dust, specks, page edges) removed, contrast-stretched so that the strokes' core is full ink; nil
/// when no component is big enough to be a digit, or its ink does not stand clear of the paper around it.
struct DigitComponents {
    /// Least gap between the digit's mean ink level and the noise of the paper around it (its mean level plus
    /// two standard deviations; 0–255, after flattening) for a digit to count: faint ink on clean paper is a
    /// digit, grain on a blank page is not. Measured around the digit, not over the whole image: a desk's
    /// grain beside the sheet is no paper the digit was written on. 25 rather than 30: pale pencil, and a pale
    /// digit blurred by enlarging, stand 25-30 clear (the check sets of seeds 2026 and 2027 read 0.1 and 0.25
    /// points more of their digits, and flagged as many of their blank pages).
    var minimumContrast = Self.defaultMinimumContrast
    static let defaultMinimumContrast = 25.0
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
        let (labels, components) = RuleStripping().components(found)
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
            standsClear(components[index], ink: ink, labels: labels) { labels[$1 * width + $0] == Int32(index) }
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
        let crop = Self.inkCrop(ink, labels: labels, box: box) { x, y in labels[y * width + x] >= 0 && keptLabels[Int(labels[y * width + x])] }
        return Found(crop: crop, main: main, labels: labels, components: components)
    }

    /// The label of paper in `labels` (`connectedComponents`'s unset pixels).
    static let paperLabel: Int32 = -1
    /// The label of a ruled line's or a shadow's band's ink, taken out of the mask (by InkMask, or by
    /// `RuleStripping`): no digit's, and no paper either, against which a digit's contrast is measured.
    static let ruleLabel: Int32 = -2

    /// The `isKept` ink of `box`, cropped, stretched so that the strokes' core (their 80th percentile) is full
    /// ink, as in MNIST. Anti-aliased stroke edges lie just below the threshold: pixels next to kept ink stay,
    /// the rest is dropped. So do a ruled line's next to it: where a rule crosses a stroke, InkMask took the
    /// stroke's pixels on it with the line.
    static func inkCrop(_ ink: GrayImage, labels: [Int32], box: Component, isKept: (_ x: Int, _ y: Int) -> Bool) -> GrayImage {
        let width = ink.width
        let kept = KeptNeighbourhood(box, width: width, height: ink.height, isKept: isKept)
        var crop = GrayImage(width: box.width, height: box.height, filledWith: 0)
        var strokeHistogram = [Int](repeating: 0, count: 256), strokeCount = 0
        for y in box.minY...box.maxY {
            for x in box.minX...box.maxX {
                let index = y * width + x
                if kept.isKept(x, y) {
                    crop[x - box.minX, y - box.minY] = ink.pixels[index]
                    strokeHistogram[Int(ink.pixels[index])] += 1
                    strokeCount += 1
                } else if labels[index] < 0 && kept.touchesKept(x, y) {
                    crop[x - box.minX, y - box.minY] = ink.pixels[index]
                }
            }
        }
        guard strokeCount > 0 else { return crop }
        // The stroke value of rank 80% (as sorting them would give it), from their histogram.
        var rank = strokeCount * 8 / 10, level = 0
        while rank >= strokeHistogram[level] {
            rank -= strokeHistogram[level]
            level += 1
        }
        let core = max(Double(level), 1)
        let stretched = (0...255).map { UInt8(clamping: Int((Double($0) * 255 / core).rounded())) }
        crop.pixels = crop.pixels.map { stretched[Int($0)] }
        return crop
    }

    /// Page edges and shadows at the border: long and thin along the side they touch (a digit cut by the top
    /// of a small image is long too, but across that side). On a page (not a crop, whose digit may run along
    /// its side), so is a sliver of desk between the sheet's edge and the photo's, and a line across half the
    /// page or more, a few pixels thick (a sheet's edge, a ruled line at a slant: a digit's strokes are
    /// thicker for its size).
    static func isPageEdge(_ c: Component, width: Int, height: Int) -> Bool {
        // A line's length is its box's diagonal: a sheet's edge runs at a slant.
        let length = Int(Double(c.width * c.width + c.height * c.height).squareRoot())
        let isLine = (c.width * 2 >= width || c.height * 2 >= height) && c.area <= length * max(3, min(width, height) / 60)
        let isPage = min(width, height) >= Polarity.cropSide
        let alongSide = ((c.minX == 0 || c.maxX == width - 1) && c.height > height * 8 / 10)
            || ((c.minY == 0 || c.maxY == height - 1) && c.width > width * 8 / 10)
        let sliver = ((c.minX == 0 || c.maxX == width - 1) && c.height >= height / 2 && c.width * 100 <= width * 15)
            || ((c.minY == 0 || c.maxY == height - 1) && c.width >= width / 2 && c.height * 100 <= height * 15)
        return alongSide && Double(c.area) < 0.25 * Double(c.width * c.height) || isPage && (sliver || isLine)
    }

    /// Whether the `isKept` ink in `box` stands `minimumContrast` clear of the paper's noise around it (the
    /// box widened by a quarter of its size on each side, ink, a ruled line's ink and the pixels next to kept
    /// ink left out).
    func standsClear(_ box: Component, ink: GrayImage, labels: [Int32], isKept: (_ x: Int, _ y: Int) -> Bool) -> Bool {
        let margin = max(4, max(box.width, box.height) / 4)
        let around = Component(minX: max(0, box.minX - margin), minY: max(0, box.minY - margin),
                               maxX: min(ink.width - 1, box.maxX + margin), maxY: min(ink.height - 1, box.maxY + margin))
        let kept = KeptNeighbourhood(around, width: ink.width, height: ink.height, isKept: isKept)
        // Whole numbers, summed exactly (as Doubles would be, far below 2^53).
        var inkSum = 0, inkCount = 0, paperSum = 0, paperSquares = 0, paperCount = 0
        ink.pixels.withUnsafeBufferPointer { pixels in
            labels.withUnsafeBufferPointer { labels in
                for y in around.minY...around.maxY {
                    for x in around.minX...around.maxX {
                        let index = y * ink.width + x, value = Int(pixels[index])
                        if kept.isKept(x, y) {
                            (inkSum, inkCount) = (inkSum + value, inkCount + 1)
                        } else if labels[index] == Self.paperLabel && !kept.touchesKept(x, y) {
                            (paperSum, paperSquares, paperCount) = (paperSum + value, paperSquares + value * value, paperCount + 1)
                        }
                    }
                }
            }
        }
        guard inkCount > 0 else { return false }
        let (inkMean, paper) = (Double(inkSum) / Double(inkCount), Double(paperCount))
        let paperMean = paperCount > 0 ? Double(paperSum) / paper : 0
        let paperDeviation = paperCount > 0 ? max(0, Double(paperSquares) / paper - paperMean * paperMean).squareRoot() : 0
        return inkMean - (paperMean + 2 * paperDeviation) >= minimumContrast
    }
}

/// Which pixels of a box are kept, and which are kept or next to a kept one (in their 3×3 neighbourhood,
/// within the image): `isKept` is asked once for each pixel of the box and of the rim around it.
struct KeptNeighbourhood {
    /// The box and its rim, in image coordinates: where `kept` and `near` start, and their row length.
    private let minX: Int, minY: Int, stride: Int
    /// 1 where kept, else 0; `near`: 1 where kept or next to a kept pixel.
    private let kept: [UInt8]
    private let near: [UInt8]

    init(_ box: Component, width: Int, height: Int, isKept: (_ x: Int, _ y: Int) -> Bool) {
        let (left, right) = (max(0, box.minX - 1), min(width - 1, box.maxX + 1))
        let (top, bottom) = (max(0, box.minY - 1), min(height - 1, box.maxY + 1))
        let (columns, rows) = (right - left + 1, bottom - top + 1)
        (minX, minY, stride) = (left, top, columns)
        let count = columns * rows
        let kept = [UInt8](unsafeUninitializedCapacity: count) { kept, initialized in
            for y in 0..<rows {
                for x in 0..<columns { kept[y * columns + x] = isKept(left + x, top + y) ? 1 : 0 }
            }
            initialized = count
        }
        // The 3×3 neighbourhood as two passes: a pixel and its neighbours across, then those above and below.
        var across = kept
        kept.withUnsafeBufferPointer { kept in
            across.withUnsafeMutableBufferPointer { across in
                for y in 0..<rows {
                    let row = y * columns
                    for x in 0..<columns {
                        let i = row + x
                        across[i] = kept[i] | (x > 0 ? kept[i - 1] : 0) | (x + 1 < columns ? kept[i + 1] : 0)
                    }
                }
            }
        }
        var near = across
        across.withUnsafeBufferPointer { across in
            near.withUnsafeMutableBufferPointer { near in
                for i in 0..<count {
                    near[i] = across[i] | (i >= columns ? across[i - columns] : 0) | (i + columns < count ? across[i + columns] : 0)
                }
            }
        }
        (self.kept, self.near) = (kept, near)
    }

    func isKept(_ x: Int, _ y: Int) -> Bool { kept.withUnsafeBufferPointer { $0[(y - minY) * stride + x - minX] } != 0 }

    /// Whether (x, y) or a pixel next to it is kept.
    func touchesKept(_ x: Int, _ y: Int) -> Bool { near.withUnsafeBufferPointer { $0[(y - minY) * stride + x - minX] } != 0 }
}
