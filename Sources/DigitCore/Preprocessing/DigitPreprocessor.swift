/// A digit made to look like MNIST: 28×28, ink-high (0 is background, 255 full ink), fitted into the
/// central 20×20 keeping its aspect ratio, centred by its centre of mass.
public struct PreparedDigit: Sendable, Equatable {
    /// (28, 28), ink-high.
    public let image: GrayImage

    public init(image: GrayImage) {
        precondition(image.width == 28 && image.height == 28, "a prepared digit is 28×28")
        self.image = image
    }

    /// What the network reads, (28, 28, 1) scaled to [-0.5, 0.5].
    public func networkInput(into destination: UnsafeMutablePointer<Float>) {
        for (index, value) in image.pixels.enumerated() { destination[index] = Float(value) * (1 / 255) - 0.5 }
    }
}

/// Turns any photo, scan or drawing of a digit into MNIST's format, as its authors prepared theirs:
///
/// 1. work at most `workingSize` pixels on the longer side (area-averaged);
/// 2. polarity: ink is the minority extreme of the tiles' histograms (dark on light paper, or light on
///    dark), and the image is turned ink-high;
/// 3. uneven lighting and paper texture: a background estimated per tile (a low percentile, opened
///    over neighbouring tiles so that ink-covered tiles do not count, interpolated out to the border, and
///    refined once on what it leaves) is subtracted, and what is left is measured relative to the paper's brightness;
/// 4. grain is blurred away, and ink is told from paper by Otsu's threshold; a page whose ink class does
///    not stand clear of the paper's noise is blank;
/// 5. connected components: the digit (the largest component, preferring those off the border) and
///    its nearby parts are kept; dust, specks and page edges are dropped;
/// 6. the ink's bounding box is cropped, its contrast stretched, its strokes brought to MNIST's
///    width, fitted into 20×20 keeping its aspect ratio with area averaging, and pasted into 28×28
///    with its centre of mass at the centre.
///
/// A 28×28 image that already is MNIST-like (light ink on black) passes through unchanged.
public struct DigitPreprocessor: Sendable {
    public static let side = 28
    public static let box = 20
    /// Longer side at which the ink is searched for; larger images are shrunk first.
    public var workingSize = 320
    /// Least gap between the mean ink level and the paper's noise (its mean level plus two standard deviations;
    /// 0–255, after flattening) for a digit to count: faint ink on clean paper is a digit, grain on a blank page is not.
    public var minimumContrast = 30.0

    public init() {}

    /// The prepared digit, or nil when the image holds no digit (blank or nearly blank).
    public func prepare(_ image: GrayImage) -> PreparedDigit? {
        if let passthrough = mnistLike(image) { return passthrough }
        var working = image
        let longer = max(image.width, image.height)
        if longer > workingSize {
            let scale = Double(workingSize) / Double(longer)
            working = image.resized(width: max(1, Int((Double(image.width) * scale).rounded())),
                                    height: max(1, Int((Double(image.height) * scale).rounded())))
        }
        let ink = denoised(flattened(inkHigh(working)))
        guard let crop = digitCrop(ink) else { return nil }
        return fitted(crop)
    }

    /// MNIST itself: 28×28, a black border and some bright ink.
    func mnistLike(_ image: GrayImage) -> PreparedDigit? {
        guard image.width == Self.side && image.height == Self.side else { return nil }
        var borderSum = 0, borderCount = 0
        for y in 0..<Self.side {
            for x in 0..<Self.side where x < 2 || y < 2 || x >= Self.side - 2 || y >= Self.side - 2 {
                borderSum += Int(image[x, y])
                borderCount += 1
            }
        }
        guard borderSum <= 8 * borderCount, image.pixels.contains(where: { $0 > 128 }) else { return nil }
        return PreparedDigit(image: image)
    }

    /// The image with ink high: inverted when the ink is dark on light paper.
    func inkHigh(_ image: GrayImage) -> GrayImage {
        // Within each tile the paper is the bulk (the median) and ink the extreme farther from it. Tiles,
        // not the whole page: a gradient spreads the page's histogram both ways and hides a thin digit's tail.
        var darkward = 0, lightward = 0
        for histogram in tileHistograms(image, Tiling(image)) {
            let median = percentile(histogram, 0.5)
            darkward += median - percentile(histogram, 0.01)
            lightward += percentile(histogram, 0.99) - median
        }
        guard darkward >= lightward else { return image }
        return GrayImage(width: image.width, height: image.height, pixels: image.pixels.map { 255 - $0 })
    }

    /// Subtracts the paper's own level, estimated per tile, so that shadows and gradients are not ink,
    /// and scales what is left by the paper's brightness, so that ink in the shade counts as much as in the light.
    func flattened(_ image: GrayImage) -> GrayImage {
        let tiling = Tiling(image)
        let levels = image.pixels.map(Float.init)
        // On a slope a tile's low percentile lies a quarter-tile downhill of its centre, and bright paper
        // magnifies that lag into false ink: the percentile is taken again of what the first estimate leaves, which is flat.
        let estimate = paperLevels(levels, width: image.width, tiling)
        let correction = paperLevels(zip(levels, estimate).map { $0 - $1 }, width: image.width, tiling)
        var result = image
        for index in levels.indices {
            let paper = estimate[index] + correction[index]
            // Light falls on ink and paper alike: measure ink relative to the paper's own brightness.
            let ink = (levels[index] - paper) * 255 / max(255 - paper, 32)
            result.pixels[index] = UInt8(max(0, min(255, ink.rounded())))
        }
        return result
    }

    /// The paper's level under each pixel: a low percentile per tile (the paper's level when ink covers less
    /// than a quarter of it), opened, and interpolated bilinearly between tile centres, out to the image's
    /// border along the opened levels' extension (held flat there, a steep gradient left a band of false ink).
    func paperLevels(_ levels: [Float], width: Int, _ tiling: Tiling) -> [Float] {
        let height = levels.count / width
        let side = tiling.count + 2
        let paper = extended(opened(tilePercentiles(levels, width: width, tiling, 0.25), tiles: tiling.count), tiles: tiling.count)
        // Taps into the extended grid, whose tile t has its centre at (t - 0.5) tiles from the image's edge.
        func taps(_ position: Int, _ length: Int) -> (Int, Int, Float) {
            let f = (Float(position) + 0.5) * Float(tiling.count) / Float(length) + 0.5
            let low = min(Int(f), side - 2)
            return (low, low + 1, f - Float(low))
        }
        let columns = (0..<width).map { taps($0, width) }
        var result = [Float](repeating: 0, count: levels.count)
        var row = [Float](repeating: 0, count: side)
        for y in 0..<height {
            let (y0, y1, wy) = taps(y, height)
            for t in 0..<side { row[t] = paper[y0 * side + t] * (1 - wy) + paper[y1 * side + t] * wy }
            for x in 0..<width {
                let (x0, x1, wx) = columns[x]
                result[y * width + x] = row[x0] * (1 - wx) + row[x1] * wx
            }
        }
        return result
    }

    /// Paper grain and sensor noise blurred away (1-2-1 in each direction) before ink is told from paper: on a
    /// grainy photo, Otsu's threshold would otherwise split the grain rather than the digit's few pixels. Small
    /// images are left as they are, their strokes being only a pixel or two wide.
    func denoised(_ image: GrayImage) -> GrayImage {
        guard min(image.width, image.height) >= 64 else { return image }
        return image.filteredAlongRowsThenColumns { value, position, length in
            let sum = Int(value(max(0, position - 1))) + 2 * Int(value(position)) + Int(value(min(length - 1, position + 1)))
            return UInt8((sum + 2) / 4)
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
    }

    /// Each tile's histogram, row by row.
    func tileHistograms(_ image: GrayImage, _ tiling: Tiling) -> [[Int]] {
        var histograms: [[Int]] = []
        for ty in 0..<tiling.count {
            for tx in 0..<tiling.count {
                var histogram = [Int](repeating: 0, count: 256)
                for y in tiling.yBounds[ty]..<tiling.yBounds[ty + 1] {
                    for x in tiling.xBounds[tx]..<tiling.xBounds[tx + 1] { histogram[Int(image.pixels[y * image.width + x])] += 1 }
                }
                histograms.append(histogram)
            }
        }
        return histograms
    }

    /// Each tile's percentile: the smallest of its values with more than `share` of them at or below it.
    func tilePercentiles(_ levels: [Float], width: Int, _ tiling: Tiling, _ share: Double) -> [Float] {
        var percentiles: [Float] = []
        var tile: [Float] = []
        for ty in 0..<tiling.count {
            for tx in 0..<tiling.count {
                tile.removeAll(keepingCapacity: true)
                for y in tiling.yBounds[ty]..<tiling.yBounds[ty + 1] {
                    tile += levels[y * width + tiling.xBounds[tx]..<y * width + tiling.xBounds[tx + 1]]
                }
                percentiles.append(smallest(Int(share * Double(tile.count)), of: &tile))
            }
        }
        return percentiles
    }

    /// The value that sorting would put at `rank` (from 0), found by quickselect: sorting every tile of a
    /// photo took an eighth of its time. Reorders `values`.
    func smallest(_ rank: Int, of values: inout [Float]) -> Float {
        var (low, high) = (0, values.count - 1)
        while low < high {
            let pivot = values[(low + high) / 2]
            var (i, j) = (low, high)
            while i <= j {   // Hoare partition: [low, j] ≤ pivot ≤ [i, high]
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if rank <= j {
                high = j
            } else if rank >= i {
                low = i
            } else {
                return values[rank]
            }
        }
        return values[rank]
    }

    /// The tiles' paper levels opened (a 3×3 minimum, then maximum): a tile raised by a thick stroke takes its
    /// neighbours' level, while a gradient keeps its slope (a minimum alone would lag it by a tile, leaving
    /// a ramp of false ink). The levels are first extended linearly by a tile, so the slope holds at the border.
    func opened(_ level: [Float], tiles: Int) -> [Float] {
        guard tiles > 1 else { return level }
        let side = tiles + 2
        let padded = extended(level, tiles: tiles)
        let opening = neighbourhoodExtreme(neighbourhoodExtreme(padded, side: side, by: min), side: side, by: max)
        return (0..<tiles * tiles).map { opening[($0 / tiles + 1) * side + $0 % tiles + 1] }
    }

    /// The tiles' levels with a ring of tiles around them ((tiles + 2)², row by row), extended along a parabola
    /// through the three nearest (a line through two, when there are only two): light falling off steeply
    /// curves away from a line within a tile, and on bright paper what the line missed was false ink.
    func extended(_ level: [Float], tiles: Int) -> [Float] {
        let side = tiles + 2
        guard tiles > 1 else { return [Float](repeating: level[0], count: side * side) }
        var padded = [Float](repeating: 0, count: side * side)
        for ty in 0..<tiles {
            for tx in 0..<tiles { padded[(ty + 1) * side + tx + 1] = level[ty * tiles + tx] }
        }
        // `outer` from the tiles `step`, 2 `step` and 3 `step` inward.
        let extrapolate = { (outer: Int, step: Int) in
            let (edge, inner) = (padded[outer + step], padded[outer + 2 * step])
            padded[outer] = tiles > 2 ? 3 * edge - 3 * inner + padded[outer + 3 * step] : 2 * edge - inner
        }
        for t in 1...tiles {
            extrapolate(t, side)
            extrapolate((side - 1) * side + t, -side)
        }
        for t in 0..<side {
            extrapolate(t * side, 1)
            extrapolate(t * side + side - 1, -1)
        }
        return padded
    }

    /// Each value replaced by the extreme (`min` or `max`) of its 3×3 neighbourhood.
    func neighbourhoodExtreme(_ values: [Float], side: Int, by extreme: (Float, Float) -> Float) -> [Float] {
        var result = values
        for y in 0..<side {
            for x in 0..<side {
                for ny in max(0, y - 1)...min(side - 1, y + 1) {
                    for nx in max(0, x - 1)...min(side - 1, x + 1) {
                        result[y * side + x] = extreme(result[y * side + x], values[ny * side + nx])
                    }
                }
            }
        }
        return result
    }

    /// The digit's ink, cropped to its bounding box with everything else (dust, page edges) removed,
    /// contrast-stretched so that the strokes' core is full ink. Nil for a blank page.
    func digitCrop(_ ink: GrayImage) -> GrayImage? {
        let (width, height) = (ink.width, ink.height)
        let otsu = otsuThreshold(ink.pixels)
        guard otsu.highMean - (otsu.lowMean + 2 * otsu.lowDeviation) >= minimumContrast else { return nil }
        let mask = ink.pixels.map { $0 > otsu.threshold }
        let (labels, components) = connectedComponents(mask, width: width, height: height)
        guard !components.isEmpty else { return nil }

        let touchesBorder = { (c: Component) in c.minX == 0 || c.minY == 0 || c.maxX == width - 1 || c.maxY == height - 1 }
        // Page edges and shadows at the border: long and thin along the side they touch (a digit cut by
        // the top of a small image is long too, but across that side).
        let isPageEdge = { (c: Component) in
            let alongSide = ((c.minX == 0 || c.maxX == width - 1) && c.height > height * 8 / 10)
                || ((c.minY == 0 || c.maxY == height - 1) && c.width > width * 8 / 10)
            return alongSide && Double(c.area) < 0.25 * Double(c.width * c.height)
        }
        let largestArea = components.map(\.area).max()!
        let candidates = components.indices.filter { !isPageEdge(components[$0]) && components[$0].area * 50 >= largestArea }
        // The digit: the largest candidate, preferring those that do not touch the border.
        guard let main = candidates.max(by: { a, b in
            let (ca, cb) = (components[a], components[b])
            return (touchesBorder(ca) ? 0 : 1, ca.area) < (touchesBorder(cb) ? 0 : 1, cb.area)
        }) else { return nil }
        // A speck of dust on an empty page is no digit.
        let digit = components[main]
        guard max(digit.width, digit.height) * 25 >= max(width, height), max(digit.width, digit.height) >= 3 else { return nil }
        // Nearby parts big enough to be strokes (a detached bar of a 5 or 7, the dot-like end of a 9).
        let reach = max(digit.width, digit.height) / 2
        var kept = Set([main])
        for index in candidates where index != main {
            let c = components[index]
            let gapX = max(0, max(c.minX - digit.maxX, digit.minX - c.maxX))
            let gapY = max(0, max(c.minY - digit.maxY, digit.minY - c.maxY))
            if c.area * 10 >= digit.area && gapX <= reach && gapY <= reach && !isPageEdge(c) { kept.insert(index) }
        }
        var box = digit
        for index in kept {
            let c = components[index]
            box.minX = min(box.minX, c.minX); box.maxX = max(box.maxX, c.maxX)
            box.minY = min(box.minY, c.minY); box.maxY = max(box.maxY, c.maxY)
        }
        // Anti-aliased stroke edges lie just below the threshold: keep pixels next to kept ink, drop the rest.
        var keptLabels = [Bool](repeating: false, count: components.count)
        for index in kept { keptLabels[index] = true }
        var crop = GrayImage(width: box.width, height: box.height, filledWith: 0)
        var strokeValues: [UInt8] = []
        for y in box.minY...box.maxY {
            for x in box.minX...box.maxX {
                let index = y * width + x
                if labels[index] >= 0 && keptLabels[Int(labels[index])] {
                    crop[x - box.minX, y - box.minY] = ink.pixels[index]
                    strokeValues.append(ink.pixels[index])
                } else if labels[index] < 0 && touchesKept(x, y, labels, keptLabels, width, height) {
                    crop[x - box.minX, y - box.minY] = ink.pixels[index]
                }
            }
        }
        // Stretch so that the strokes' core (their 80th percentile) is full ink, as in MNIST.
        strokeValues.sort()
        let core = max(Double(strokeValues[strokeValues.count * 8 / 10]), 1)
        crop.pixels = crop.pixels.map { UInt8(clamping: Int((Double($0) * 255 / core).rounded())) }
        return withMNISTStrokeWidth(crop, threshold: otsu.threshold)
    }

    /// MNIST's strokes are 2–3 pixels wide in its 20×20 box. A fine pen on a large page would shrink to a
    /// faint hairline and a marker to a blob, so strokes are widened (a max filter) or narrowed (a min
    /// filter) first, to about 2.5 pixels once fitted.
    func withMNISTStrokeWidth(_ crop: GrayImage, threshold: UInt8) -> GrayImage {
        let (width, height) = (crop.width, crop.height)
        var area = 0, edge = 0
        for y in 0..<height {
            for x in 0..<width where crop[x, y] > threshold {
                area += 1
                let isEdge = x == 0 || y == 0 || x == width - 1 || y == height - 1
                    || crop[x - 1, y] <= threshold || crop[x + 1, y] <= threshold
                    || crop[x, y - 1] <= threshold || crop[x, y + 1] <= threshold
                if isEdge { edge += 1 }
            }
        }
        guard area > 0, edge > 0 else { return crop }
        // A stroke of width w and length L has area wL and about 2L edge pixels.
        let strokeWidth = 2 * Double(area) / Double(edge)
        let scale = Double(Self.box) / Double(max(width, height))
        let target = 2.5 / scale
        if strokeWidth * scale < 1.8 {
            return morphed(crop, radius: max(1, Int(((target - strokeWidth) / 2).rounded())), widen: true)
        }
        if strokeWidth * scale > 4.5 {
            return morphed(crop, radius: max(1, Int(min((strokeWidth - target) / 2, strokeWidth / 4).rounded())), widen: false)
        }
        return crop
    }

    /// A square max (widen) or min filter of the given radius, one axis at a time, cropped again to the ink.
    func morphed(_ original: GrayImage, radius: Int, widen: Bool) -> GrayImage {
        // Room for the strokes to grow into.
        let pad = widen ? radius : 0
        var image = GrayImage(width: original.width + 2 * pad, height: original.height + 2 * pad, filledWith: 0)
        for y in 0..<original.height {
            for x in 0..<original.width { image[x + pad, y + pad] = original[x, y] }
        }
        let result = image.filteredAlongRowsThenColumns { value, position, length in
            var extreme = widen ? UInt8.min : UInt8.max
            for offset in max(0, position - radius)...min(length - 1, position + radius) {
                extreme = widen ? max(extreme, value(offset)) : min(extreme, value(offset))
            }
            return extreme
        }
        var (minX, minY, maxX, maxY) = (result.width, result.height, -1, -1)
        for y in 0..<result.height {
            for x in 0..<result.width where result[x, y] > 0 {
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
            }
        }
        guard maxX >= minX else { return original }
        var cropped = GrayImage(width: maxX - minX + 1, height: maxY - minY + 1, filledWith: 0)
        for y in minY...maxY {
            for x in minX...maxX { cropped[x - minX, y - minY] = result[x, y] }
        }
        return cropped
    }

    private func touchesKept(_ x: Int, _ y: Int, _ labels: [Int32], _ kept: [Bool], _ width: Int, _ height: Int) -> Bool {
        for ny in max(0, y - 1)...min(height - 1, y + 1) {
            for nx in max(0, x - 1)...min(width - 1, x + 1) {
                let label = labels[ny * width + nx]
                if label >= 0 && kept[Int(label)] { return true }
            }
        }
        return false
    }

    /// Fits the crop into 20×20 keeping its aspect ratio and pastes it into 28×28 by its centre of mass.
    func fitted(_ crop: GrayImage) -> PreparedDigit {
        let scale = Double(Self.box) / Double(max(crop.width, crop.height))
        let fitWidth = max(1, min(Self.box, Int((Double(crop.width) * scale).rounded())))
        let fitHeight = max(1, min(Self.box, Int((Double(crop.height) * scale).rounded())))
        let digit = crop.resized(width: fitWidth, height: fitHeight)
        var mass = 0.0, sumX = 0.0, sumY = 0.0
        for y in 0..<fitHeight {
            for x in 0..<fitWidth {
                let value = Double(digit[x, y])
                mass += value
                sumX += value * (Double(x) + 0.5)
                sumY += value * (Double(y) + 0.5)
            }
        }
        let centreX = mass > 0 ? sumX / mass : Double(fitWidth) / 2
        let centreY = mass > 0 ? sumY / mass : Double(fitHeight) / 2
        let left = min(max(Int((Double(Self.side) / 2 - centreX).rounded()), 0), Self.side - fitWidth)
        let top = min(max(Int((Double(Self.side) / 2 - centreY).rounded()), 0), Self.side - fitHeight)
        var result = GrayImage(width: Self.side, height: Self.side, filledWith: 0)
        for y in 0..<fitHeight {
            for x in 0..<fitWidth { result[left + x, top + y] = digit[x, y] }
        }
        return PreparedDigit(image: result)
    }
}

extension GrayImage {
    /// A separable filter: `filter` runs along every row, then along every column of the result. It gives
    /// the level at `position` of a line of `length` pixels, read through `value`.
    func filteredAlongRowsThenColumns(_ filter: (_ value: (Int) -> UInt8, _ position: Int, _ length: Int) -> UInt8) -> GrayImage {
        var result = self
        for horizontal in [true, false] {
            let source = result
            let (length, lines) = horizontal ? (width, height) : (height, width)
            for line in 0..<lines {
                let value = { (p: Int) in horizontal ? source[p, line] : source[line, p] }
                for position in 0..<length {
                    let level = filter(value, position, length)
                    if horizontal { result[position, line] = level } else { result[line, position] = level }
                }
            }
        }
        return result
    }
}
