/// Stage 4, ink mask: takes the flattened image, gives it with the grain blurred away, the threshold that
/// tells ink from paper (Otsu's, with ruled and squared paper's lines left out), and the mask of the ink;
/// nil for an image with nothing above the paper at all.
struct InkMask {
    /// How much of the page a line must run along to be a ruling. Beside one digit, 40%; beside a number,
    /// whose digits may stand 40% of the page tall side by side, a ruling must cross nearly all of it.
    var rulingShare = 0.4

    struct Result {
        /// The flattened image, blurred (ink-high).
        var ink: GrayImage
        var threshold: UInt8
        /// (height, width): ink.
        var mask: [Bool]
        /// (height, width): the ruled lines found (`ruledLines`), left out of `mask`; empty where none were.
        var rules: [Bool]
    }

    func mask(_ flattened: GrayImage) -> Result? {
        let ink = denoised(flattened)
        // Lines are left out of the threshold: faint lines beside a faint digit would hold it down among them.
        let lines = ruledLines(ink)
        var unruled = ink.pixels
        for index in unruled.indices where lines[index] { unruled[index] = 0 }
        let otsu = otsuThreshold(unruled)
        guard otsu.highMean > otsu.lowMean else { return nil }
        // Lines are 0 there, never above the threshold.
        let mask = unruled.map { $0 > otsu.threshold }
        return Result(ink: ink, threshold: otsu.threshold, mask: mask, rules: lines.contains(true) ? lines : [])
    }

    /// Paper grain and sensor noise blurred away (1-2-1 in each direction) before ink is told from paper: on a
    /// grainy photo, Otsu's threshold would otherwise split the grain rather than the digit's few pixels. Small
    /// images are left as they are, their strokes being only a pixel or two wide.
    func denoised(_ image: GrayImage) -> GrayImage {
        guard min(image.width, image.height) >= 64 else { return image }
        var result = image
        var line = [UInt8](repeating: 0, count: max(image.width, image.height))
        result.pixels.withUnsafeMutableBufferPointer { pixels in
            for (length, lines, along, across) in [(image.width, image.height, 1, image.width), (image.height, image.width, image.width, 1)] {
                for index in 0..<lines {
                    let start = pixels.baseAddress! + index * across
                    for p in 0..<length { line[p] = start[p * along] }
                    for p in 0..<length {
                        let sum = Int(line[max(0, p - 1)]) + 2 * Int(line[p]) + Int(line[min(length - 1, p + 1)])
                        start[p * along] = UInt8((sum + 2) / 4)
                    }
                }
            }
        }
        return result
    }

    /// The lines of ruled and squared paper: where an opening along the rows (or the columns) with a segment
    /// `rulingShare` of the page long keeps most of a pixel's ink, and what it keeps is thin across, on three such lines
    /// or more. Where a digit's stroke crosses a line, the line holds only a little of its ink.
    func ruledLines(_ ink: GrayImage) -> [Bool] {
        var lines = [Bool](repeating: false, count: ink.pixels.count)
        for horizontal in [true, false] {
            let (length, count) = horizontal ? (ink.width, ink.height) : (ink.height, ink.width)
            let (along, across) = horizontal ? (1, ink.width) : (ink.width, 1)
            // Three lines need three rows (or columns) with ink along `rulingShare` of them: most photos have none.
            var inkPerLine = [Int](repeating: 0, count: count)
            for (index, value) in ink.pixels.enumerated() where value >= Self.faintestLine {
                inkPerLine[horizontal ? index / ink.width : index % ink.width] += 1
            }
            let rulingLength = Int((Double(length) * rulingShare).rounded(.up))
            guard inkPerLine.filter({ $0 >= rulingLength }).count >= 3 else { continue }
            // The opening along each line (a minimum, then a maximum, over the segment): down the columns, the
            // rows as columns of the transposed image.
            let kept = ink.openedAlong(columns: !horizontal, radius: rulingLength / 2).pixels
            let thickest = max(4, count / 30)
            var found = [Bool](repeating: false, count: ink.pixels.count)
            var foundPerLine = [Int](repeating: 0, count: count)
            for p in 0..<length {
                var line = 0
                while line < count {
                    guard kept[line * across + p * along] >= Self.faintestLine else {
                        line += 1
                        continue
                    }
                    var end = line
                    while end < count && kept[end * across + p * along] >= Self.faintestLine { end += 1 }
                    if end - line <= thickest {
                        for l in line..<end where Int(kept[l * across + p * along]) * 2 >= Int(ink.pixels[l * across + p * along]) {
                            found[l * across + p * along] = true
                            foundPerLine[l] += 1
                        }
                    }
                    line = end
                }
            }
            // Ruled paper has lines, plural, each along `rulingShare` of the page at least: five or more, or three
            // evenly spaced over half the page or more. One long straight stroke alone is a digit's (a 1 in a
            // tight crop), and the upright strokes of a number's few digits stand closer or at uneven distances.
            var rulings: [Int] = [], previous = false
            for line in 0..<count {
                let isRuling = foundPerLine[line] >= rulingLength
                if isRuling && !previous { rulings.append(line) }
                previous = isRuling
            }
            let spacings = zip(rulings.dropFirst(), rulings).map { $0 - $1 }.sorted()
            let even = rulings.count >= 3 && spacings.last! - spacings.first! <= max(2, spacings[spacings.count / 2] / 2)
                && (rulings.last! - rulings.first!) * 2 >= count
            if rulings.count >= 5 || even {
                for index in lines.indices where found[index] { lines[index] = true }
            }
        }
        return lines
    }

    /// The least ink (after flattening) that a ruled line must hold to be one.
    static let faintestLine: UInt8 = 8
}
