/// Stage 4, ink mask: takes the flattened image, gives it with the grain blurred away, the threshold that
/// tells ink from paper (Otsu's, with ruled and squared paper's lines left out), and the mask of the ink;
/// nil for a blank page, whose ink class does not stand clear of the paper's noise.
struct InkMask {
    /// Least gap between the mean ink level and the paper's noise (its mean level plus two standard deviations;
    /// 0–255, after flattening) for a digit to count: faint ink on clean paper is a digit, grain on a blank page is not.
    var minimumContrast = 30.0

    struct Result {
        /// The flattened image, blurred (ink-high).
        var ink: GrayImage
        var threshold: UInt8
        /// (height, width): ink.
        var mask: [Bool]
    }

    func mask(_ flattened: GrayImage) -> Result? {
        let ink = denoised(flattened)
        var otsu = otsuThreshold(ink.pixels)
        var lines = [Bool](repeating: false, count: ink.pixels.count)
        if min(ink.width, ink.height) >= Polarity.cropSide {
            // The lines are found in the first threshold's ink, then left out of a second one: faint lines
            // beside a faint digit would otherwise hold the threshold down among them.
            lines = ruledLines(ink.pixels.map { $0 > otsu.threshold }, width: ink.width, height: ink.height)
            if lines.contains(true) { otsu = otsuThreshold(zip(ink.pixels, lines).map { $1 ? 0 : $0 }) }
        }
        guard otsu.highMean - (otsu.lowMean + 2 * otsu.lowDeviation) >= minimumContrast else { return nil }
        let mask = zip(ink.pixels, lines).map { $0 > otsu.threshold && !$1 }
        return Result(ink: ink, threshold: otsu.threshold, mask: mask)
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

    /// The lines of ruled and squared paper in an ink mask: runs of ink along a row (or a column) over 70% of
    /// the page's length, where the ink across them is thin. A digit's stroke that crosses a line keeps its
    /// pixels there, its ink across the line being long. Lines tilted by a degree or two still count: the
    /// runs are measured with the ink thickened by a pixel across them.
    func ruledLines(_ mask: [Bool], width: Int, height: Int) -> [Bool] {
        var lineInk = [Bool](repeating: false, count: mask.count)
        for horizontal in [true, false] {
            let (length, lines) = horizontal ? (width, height) : (height, width)
            let (along, across) = horizontal ? (1, width) : (width, 1)
            let longest = length * 7 / 10, thickest = max(4, lines / 30)
            for line in 0..<lines {
                let thickened = { (p: Int) in
                    (max(0, line - 1)...min(lines - 1, line + 1)).contains { mask[$0 * across + p * along] }
                }
                var start = 0
                while start < length {
                    guard thickened(start) else {
                        start += 1
                        continue
                    }
                    var end = start
                    while end < length && thickened(end) { end += 1 }
                    if end - start >= longest {
                        for p in start..<end where mask[line * across + p * along] {
                            // The ink across the line here: how far it runs up and down from this pixel.
                            var (low, high) = (line, line)
                            while low > 0 && mask[(low - 1) * across + p * along] && line - low < thickest { low -= 1 }
                            while high < lines - 1 && mask[(high + 1) * across + p * along] && high - line < thickest { high += 1 }
                            if high - low + 1 <= thickest { lineInk[line * across + p * along] = true }
                        }
                    }
                    start = end
                }
            }
        }
        return lineInk
    }
}
