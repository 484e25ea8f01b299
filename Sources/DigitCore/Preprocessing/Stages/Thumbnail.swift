/// Stages 2–6 for a thumbnail: takes an image of a few pixels (at most `largestSide` on its longer side, or a
/// blocky enlargement of one), gives its digit's crop, ink-high, for `Fitting`.
///
/// A digit scanned at 8–16 pixels (a data set of small digits, a form field, an icon) is all strokes and
/// edges: there is no paper around it to open, its strokes are a pixel or two wide, and it is framed tightly,
/// often touching the border. So the paper is taken to be even: its level is the image's lower quartile once
/// ink-high (ink covers less than three quarters of any digit's frame), ink is what stands above it, and every
/// piece of ink is the digit's but specks. The grey levels of the strokes' edges are kept: at this size they
/// are most of what there is to read.
struct Thumbnail {
    /// Images this small on their longer side are thumbnails.
    static let largestSide = 24
    /// Least difference between the paper and the ink's mean: 17 levels (0–16, a data set's block counts)
    /// written as they are still make a digit, though a thin pen's strokes cover half their pixels.
    static let minimumContrast = 6.0
    /// Ink must also stand this many times the paper's noise above it (a blank scrap's grain does not).
    static let noiseMargin = 4.0

    /// The image's source when it is a thumbnail: itself when small enough, or what a nearest-neighbour
    /// enlargement was made from (`unenlarged`) when that is. Nil for anything else.
    static func source(of image: GrayImage) -> GrayImage? {
        if max(image.width, image.height) <= largestSide { return image }
        guard let source = unenlarged(image), max(source.width, source.height) <= largestSide else { return nil }
        return source
    }

    /// What a nearest-neighbour enlargement was made from, or nil when `image` is none. Enlarged by a factor of
    /// f, each source row becomes a run of ⌊f⌋ or ⌈f⌉ equal rows, each column likewise (longer where
    /// neighbours were equal), where a photo or a drawing has rows of one somewhere: its strokes' edges. The
    /// factor is the mean length of the runs of one source pixel (those shorter than twice the shortest);
    /// the source, the image shrunk by it (area averaging, exact for whole factors).
    static func unenlarged(_ image: GrayImage) -> GrayImage? {
        // Rows first: they lie in memory, and a photo's grain ends the comparison of most at their first pixels.
        guard let down = enlargement(runs(image, alongRows: true)), let across = enlargement(runs(image, alongRows: false)) else { return nil }
        return image.resized(width: max(1, Int((Double(image.width) / across).rounded())),
                             height: max(1, Int((Double(image.height) / down).rounded())))
    }

    /// Lengths of the runs of equal rows (`alongRows`) or equal columns, top to bottom or left to right.
    static func runs(_ image: GrayImage, alongRows: Bool) -> [Int] {
        let count = alongRows ? image.height : image.width
        let length = alongRows ? image.width : image.height
        func equal(_ a: Int, _ b: Int) -> Bool {
            for i in 0..<length where (alongRows ? image[i, a] != image[i, b] : image[a, i] != image[b, i]) { return false }
            return true
        }
        var lengths: [Int] = [], run = 1
        for index in 1..<max(count, 1) {
            if equal(index, index - 1) { run += 1 } else {
                lengths.append(run)
                run = 1
            }
        }
        lengths.append(run)
        return lengths
    }

    /// The enlargement factor the runs show, or nil when they show none. The first and last runs may be cut
    /// by a crop, and need not be whole; at least two runs must lie between them.
    static func enlargement(_ runs: [Int]) -> Double? {
        guard runs.count >= 4 else { return nil }
        let inner = runs.dropFirst().dropLast()
        let shortest = inner.min()!
        guard shortest >= 2 else { return nil }
        let single = inner.filter { $0 < 2 * shortest }
        return Double(single.reduce(0, +)) / Double(single.count)
    }

    /// The digit's crop, ink-high and stretched so that its strokes' core is full ink, or nil when the
    /// thumbnail is blank. `steps` sees the ink-high image, the ink measured from the paper, and its mask.
    func digitCrop(_ image: GrayImage, steps: ((PreprocessingStep, GrayImage) -> Void)?) -> GrayImage? {
        let darkInk = Polarity().isDarkInkByBorder(image) ?? isDarkInkByMajority(image)
        let inkHigh = darkInk ? image.inverted() : image
        steps?(.inkHigh, inkHigh)
        let histogram = histogram(of: inkHigh.pixels)
        let paper = percentile(histogram, 0.25)
        // The paper's grain, about its deviation: for normal noise the lower quartile lies one deviation above the
        // 5th percentile, and the median step between neighbours is 0.95 deviations. Either may be too wide, the
        // first across a gradient, the second among a thumbnail's many edges: the narrower is the grain.
        let grain = min(Double(paper - percentile(histogram, 0.05)), medianStep(inkHigh) / 0.95)
        let above = GrayImage(width: image.width, height: image.height, pixels: inkHigh.pixels.map { UInt8(max(0, Int($0) - paper)) })
        steps?(.flattened, above)
        let split = otsuThreshold(above.pixels)
        guard split.highMean - split.lowMean >= max(Self.minimumContrast, Self.noiseMargin * grain) else { return nil }
        // Half-way between the paper and the ink's mean: a stroke a pixel wide that covers half of its pixels counts.
        let threshold = (split.lowMean + split.highMean) / 2
        let mask = above.pixels.map { Double($0) > threshold }
        let (labels, components) = connectedComponents(mask, width: image.width, height: image.height)
        // Specks: pieces smaller than an eighth of the largest (a digit's broken stroke is larger).
        let largest = components.map(\.area).max() ?? 0
        let kept = components.map { $0.area * 8 >= largest }
        var box = Component()
        for (component, isKept) in zip(components, kept) where isKept { box.merge(component) }
        let isKept = labels.map { $0 >= 0 && kept[Int($0)] }
        steps?(.inkMask, GrayImage(width: image.width, height: image.height, pixels: isKept.map { $0 ? 255 : 0 }))
        return DigitComponents.inkCrop(above, labels: labels, box: box) { x, y in isKept[y * image.width + x] }
    }

    /// The median step between neighbours in a row.
    func medianStep(_ image: GrayImage) -> Double {
        var steps = [Int](repeating: 0, count: 256)
        for y in 0..<image.height {
            for x in 1..<max(image.width, 1) { steps[abs(Int(image[x, y]) - Int(image[x - 1, y]))] += 1 }
        }
        return Double(percentile(steps, 0.5))
    }

    /// Paper is the larger of Otsu's two classes, where the border cannot tell.
    func isDarkInkByMajority(_ image: GrayImage) -> Bool {
        let threshold = otsuThreshold(image.pixels).threshold
        return image.pixels.count { $0 > threshold } * 2 > image.pixels.count
    }
}
