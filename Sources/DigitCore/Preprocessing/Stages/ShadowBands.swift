#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Stage 5, components, first step (with `RuleStripping`): takes the ink mask's components and the image the
/// ink was found in, gives the pixels of the components that are a shadow's band: a straight strip of even
/// width and depth that crosses the page from side to side, cast by a pen, a finger or a window's bar across
/// the sheet.
/// Paper and shadow (stage 3) takes off what is broader than the strokes; a band only a few strokes wide stays,
/// and on a blank page, where it is all there is, it passes for the strokes themselves. A digit's stroke is
/// neither straight and even over its whole length nor cut off by the page's sides at both ends. A digit
/// written across the band joins it; what of it lies beside the band is no band's, and what lies on it is
/// darker than the shadow.
struct ShadowBands {
    /// Slices along a band in which its width and middle are measured.
    static let slices = 16
    /// How far a slice's width may stray from the band's median width, as a share of it.
    static let widthTolerance = 0.3
    /// How far a slice's middle may stray from the band's axis, as a share of its width.
    static let bendTolerance = 0.35
    /// The share of its slices (away from its ends) that must be the band's alone, when a digit joins it.
    static let bandShare = 0.5
    /// The share of a band's component that may lie off it (its soft edges) when it is alone.
    static let edges = 0.05
    /// The most a side's slanted cut of a band's end is counted to reach along it, in half widths.
    static let steepestCut = 4.0
    /// The most a shadow darkens the paper (flattened, 0-255): about two-thirds. Ink is darker; a marker's
    /// stroke across a small frame is as straight and even as a shadow's band, but black.
    static let darkestShadow = 170
    /// How much deeper a band's shadow may be in one slice than in another (the median of each slice's ink):
    /// a shadow is as deep all along, a blurred digit's strokes filling a page-sized frame are not.
    static let evenDepth = 1.15
    /// How long a band is at least, in widths.
    static let leastLength = 2.0

    /// Images at least this many pixels each way are pages, which a band may cross. Smaller ones are crops
    /// around their digit, whose strokes may run from side to side as straight and even as a band: a 1, or a
    /// bold digit from a data set of small ones enlarged to 128 px, blurred into a bar as wide as a finger's
    /// shadow.
    static let smallestPage = 160

    /// Takes the band pixels of the components (`labels`, found in `ink`) out of `mask`; whether there were
    /// any. Only on a page (`smallestPage`).
    func takeOff(from mask: inout [Bool], labels: [Int32], components: [Component], ink: GrayImage) -> Bool {
        let (width, height) = (ink.width, ink.height)
        guard min(width, height) >= Self.smallestPage else { return false }
        // A band's ends come within a tenth of the page of two of its sides.
        let reach = min(width, height) / 10
        var found = false
        for (index, c) in components.enumerated() {
            let sides = [c.minX <= reach, c.minY <= reach, c.maxX >= width - 1 - reach, c.maxY >= height - 1 - reach].filter { $0 }.count
            guard sides >= 2, let strip = strip(of: Int32(index), c, labels: labels, ink: ink) else { continue }
            Self.forEachPixel(of: Int32(index), c, labels: labels, width: width) { x, y in
                if strip.isShadow(x, y, ink: ink) {
                    mask[y * width + x] = false
                    found = true
                }
            }
        }
        return found
    }

    /// A band's place: its axis through `centre`, and its middle and width across it.
    struct Strip {
        var centreX: Double, centreY: Double
        /// The axis's direction.
        var ux: Double, uy: Double
        /// Its middle, across the axis, at t along it: `offset + slope * t`.
        var offset: Double, slope: Double
        var halfWidth: Double
        /// Ink on the band at least this high (ink-high, flattened) is a stroke over the shadow.
        var darkerInk: UInt8

        /// Along (t) and across (n) the axis.
        func position(_ x: Int, _ y: Int) -> (t: Double, n: Double) {
            let (dx, dy) = (Double(x) - centreX, Double(y) - centreY)
            return (dx * ux + dy * uy, dy * ux - dx * uy)
        }

        func middle(_ t: Double) -> Double { offset + slope * t }

        /// Whether the pixel at (x, y) of the band's component is shadow: on the band, and no darker.
        func isShadow(_ x: Int, _ y: Int, ink: GrayImage) -> Bool {
            let (t, n) = position(x, y)
            return abs(n - middle(t)) <= halfWidth && ink[x, y] < darkerInk
        }

        /// Where the axis enters and leaves the image (t along it), and the cotangent of the angle it makes
        /// with each side there: how far along the axis the side's slanted cut reaches, per width across.
        func exits(width: Int, height: Int) -> (start: (t: Double, cotangent: Double), end: (t: Double, cotangent: Double)) {
            var start = (t: -Double.infinity, cotangent: 0.0), end = (t: Double.infinity, cotangent: 0.0)
            for (centre, direction, last, other) in [(centreX, ux, width - 1, uy), (centreY, uy, height - 1, ux)] where abs(direction) > 1e-9 {
                let (a, b) = ((0 - centre) / direction, (Double(last) - centre) / direction)
                let cotangent = abs(other) / abs(direction)
                if min(a, b) > start.t { start = (min(a, b), cotangent) }
                if max(a, b) < end.t { end = (max(a, b), cotangent) }
            }
            return (start, end)
        }
    }

    /// Component `label`'s band, if it is one: straight and evenly wide along its principal axis in most of its
    /// slices, reaching the image's sides at both ends, and no darker than a shadow.
    func strip(of label: Int32, _ c: Component, labels: [Int32], ink: GrayImage) -> Strip? {
        let (width, height) = (ink.width, ink.height)
        var (strip, count) = Self.principalAxis(of: label, c, labels: labels, width: width)
        var (lowest, highest) = (Double.infinity, -Double.infinity)
        Self.forEachPixel(of: label, c, labels: labels, width: width) { x, y in
            let t = strip.position(x, y).t
            (lowest, highest) = (min(lowest, t), max(highest, t))
        }
        let length = highest - lowest + 1
        let sliceLength = length / Double(Self.slices)
        guard sliceLength >= 1 else { return nil }
        var slices = [Slice](repeating: Slice(), count: Self.slices)
        let sliceOf = { (t: Double) in min(Self.slices - 1, Int((t - lowest) / sliceLength)) }
        Self.forEachPixel(of: label, c, labels: labels, width: width) { x, y in
            let (t, n) = strip.position(x, y)
            slices[sliceOf(t)].add(n)
        }

        // Its ends reach the sides, or come within its width of them (where the paper's opening, cut short by
        // the sides, takes a shadow's ends for paper). Its width is measured away from them: they cut its ends
        // at a slant.
        let widths = slices.map { $0.count / sliceLength }
        let roughWidth = widths.sorted()[Self.slices / 2]
        let (start, end) = strip.exits(width: width, height: height)
        guard lowest <= start.t + roughWidth, highest >= end.t - roughWidth else { return nil }
        let taper = { (cotangent: Double) in roughWidth / 2 * (1 + min(cotangent, Self.steepestCut)) }
        let inner = slices.indices.filter { index in
            let t = lowest + (Double(index) + 0.5) * sliceLength
            return t > start.t + taper(start.cotangent) && t < end.t - taper(end.cotangent)
        }
        guard inner.count >= Self.slices / 3 else { return nil }
        let bandWidth = inner.map { widths[$0] }.sorted()[inner.count / 2]
        guard bandWidth >= 2, length >= Self.leastLength * bandWidth else { return nil }
        let evenlyWide = inner.filter { index in
            abs(widths[index] - bandWidth) <= Self.widthTolerance * bandWidth
                && slices[index].high - slices[index].low + 1 <= (1 + Self.widthTolerance) * bandWidth
        }

        // Its middle: the line through the middles of the slices as wide as the band (a digit on it widens the
        // others, and tilts the axis a little).
        let centres = evenlyWide.map { (t: lowest + (Double($0) + 0.5) * sliceLength, n: slices[$0].mean) }
        guard centres.count >= 2 else { return nil }
        let meanT = centres.map(\.t).reduce(0, +) / Double(centres.count)
        let meanN = centres.map(\.n).reduce(0, +) / Double(centres.count)
        let spread = centres.map { ($0.t - meanT) * ($0.t - meanT) }.reduce(0, +)
        strip.slope = centres.map { ($0.t - meanT) * ($0.n - meanN) }.reduce(0, +) / spread
        strip.offset = meanN - strip.slope * meanT
        let straight = centres.filter { abs($0.n - strip.middle($0.t)) <= Self.bendTolerance * bandWidth }
        guard Double(straight.count) >= Self.bandShare * Double(inner.count) else { return nil }
        strip.halfWidth = (1 + Self.widthTolerance) * bandWidth / 2 + 1

        // The shadow's own level: the median of its ink in the slices that are the band's alone. A stroke on it
        // is darker: halfway from there to full ink.
        var sliceHistograms = [[Int]](repeating: [Int](repeating: 0, count: 256), count: Self.slices)
        let bandSlices = Set(evenlyWide)
        Self.forEachPixel(of: label, c, labels: labels, width: width) { x, y in
            let slice = sliceOf(strip.position(x, y).t)
            if bandSlices.contains(slice) { sliceHistograms[slice][Int(ink[x, y])] += 1 }
        }
        let histogram = (0..<256).map { level in evenlyWide.reduce(0) { $0 + sliceHistograms[$1][level] } }
        let level = percentile(histogram, 0.5)
        guard level <= Self.darkestShadow else { return nil }
        // A shadow is as deep all along; a blurred digit's strokes are not (its bars, loops and junctions).
        let sliceLevels = evenlyWide.map { percentile(sliceHistograms[$0], 0.5) }
        guard Double(sliceLevels.max()!) <= Self.evenDepth * Double(max(sliceLevels.min()!, 1)) else { return nil }
        strip.darkerInk = UInt8(level + (256 - level) / 2)

        // A band alone is straight and even all along, and runs from side to side, but where it meets a side at
        // a slant: there the opening's square, cut short, fits within the band and leaves up to about its width
        // of it to the paper (a blurred 1 filling its frame, upright, stops short of the sides). What is not the
        // band's is a digit written across it, darker than the shadow: a digit's own strokes are as dark as each
        // other, and a blurred digit filling its frame, straight and even in some slices, is no band.
        var rest = [Int](repeating: 0, count: 256)
        Self.forEachPixel(of: label, c, labels: labels, width: width) { x, y in
            if !strip.isShadow(x, y, ink: ink) { rest[Int(ink[x, y])] += 1 }
        }
        guard Double(rest.reduce(0, +)) <= Self.edges * count else {
            return percentile(rest, 0.5) >= Int(strip.darkerInk) ? strip : nil
        }
        let shortOfSide = { (cotangent: Double) in 2 + roughWidth * min(cotangent, Self.steepestCut) }
        let reachesSides = lowest <= start.t + shortOfSide(start.cotangent) && highest >= end.t - shortOfSide(end.cotangent)
        return straight.count + 1 >= inner.count && reachesSides ? strip : nil
    }

    /// Component `label`'s principal axis, through its pixels' centre (from their second moments), and its
    /// pixel count.
    static func principalAxis(of label: Int32, _ c: Component, labels: [Int32], width: Int) -> (Strip, count: Double) {
        var (sumX, sumY, sumXX, sumYY, sumXY, count) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
        forEachPixel(of: label, c, labels: labels, width: width) { x, y in
            let (px, py) = (Double(x), Double(y))
            (sumX, sumY, count) = (sumX + px, sumY + py, count + 1)
            (sumXX, sumYY, sumXY) = (sumXX + px * px, sumYY + py * py, sumXY + px * py)
        }
        let (meanX, meanY) = (sumX / count, sumY / count)
        let (varX, varY) = (sumXX / count - meanX * meanX, sumYY / count - meanY * meanY)
        let angle = 0.5 * atan2(2 * (sumXY / count - meanX * meanY), varX - varY)
        let strip = Strip(centreX: meanX, centreY: meanY, ux: cos(angle), uy: sin(angle), offset: 0, slope: 0, halfWidth: 0, darkerInk: 255)
        return (strip, count)
    }

    /// What a slice across a band holds: its pixels and their offsets across the axis.
    struct Slice {
        var count = 0.0, sum = 0.0, low = Double.infinity, high = -Double.infinity
        var mean: Double { sum / count }

        mutating func add(_ n: Double) { (count, sum, low, high) = (count + 1, sum + n, min(low, n), max(high, n)) }
    }

    static func forEachPixel(of label: Int32, _ c: Component, labels: [Int32], width: Int, _ body: (Int, Int) -> Void) {
        for y in c.minY...c.maxY {
            for x in c.minX...c.maxX where labels[y * width + x] == label { body(x, y) }
        }
    }
}
