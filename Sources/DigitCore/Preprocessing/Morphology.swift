/// Grey-level morphology with square elements, what the paper and stroke-width stages are built on: an
/// opening (a minimum, then a maximum, over a (2r+1)² square) removes bright structures narrower than the
/// square and keeps broad ones, whatever their level; a ramp and a step come through it unchanged.
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

    /// Each pixel replaced by the minimum (or, with `maximum`, the maximum) of the (2·radius+1)² square
    /// around it, the square cut off at the image's border.
    func squareExtreme(radius: Int, maximum: Bool) -> GrayImage {
        guard radius > 0, width > 0, height > 0 else { return self }
        var result = self
        var line = [UInt8](), filtered = [UInt8]()
        for horizontal in [true, false] {
            let (length, lines) = horizontal ? (width, height) : (height, width)
            let (along, across) = horizontal ? (1, width) : (width, 1)
            for index in 0..<lines {
                line.removeAll(keepingCapacity: true)
                for p in 0..<length { line.append(result.pixels[index * across + p * along]) }
                runningExtreme(line, radius: radius, maximum: maximum, into: &filtered)
                for p in 0..<length { result.pixels[index * across + p * along] = filtered[p] }
            }
        }
        return result
    }

    /// The opening with a (2·radius+1)² square. The image is first extended by 2·radius pixels that repeat
    /// its border, so that light rising towards the border is kept as it is rather than cut off there.
    func opened(radius: Int) -> GrayImage {
        guard radius > 0 else { return self }
        let pad = 2 * radius
        var padded = GrayImage(width: width + 2 * pad, height: height + 2 * pad, filledWith: 0)
        for y in 0..<padded.height {
            let sourceRow = min(max(y - pad, 0), height - 1) * width
            for x in 0..<padded.width { padded.pixels[y * padded.width + x] = pixels[sourceRow + min(max(x - pad, 0), width - 1)] }
        }
        let opening = padded.squareExtreme(radius: radius, maximum: false).squareExtreme(radius: radius, maximum: true)
        var result = self
        for y in 0..<height {
            for x in 0..<width { result.pixels[y * width + x] = opening.pixels[(y + pad) * padded.width + x + pad] }
        }
        return result
    }
}

/// The minimum or maximum of the window of 2·radius+1 values centred on each value (cut off at the ends),
/// in three comparisons per value whatever the radius (van Herk; Gil and Werman).
func runningExtreme(_ values: [UInt8], radius: Int, maximum: Bool, into result: inout [UInt8]) {
    let count = values.count, window = 2 * radius + 1
    result.removeAll(keepingCapacity: true)
    guard count > 0 else { return }
    let neutral: UInt8 = maximum ? 0 : 255
    // The values with `radius` neutral ones before and after, in blocks of `window`: `forward` is the running
    // extreme from each block's start, `backward` from each block's end. A window spans at most two blocks.
    let blocks = (count + 2 * radius + window - 1) / window * window
    var forward = [UInt8](repeating: neutral, count: blocks), backward = forward
    func value(_ i: Int) -> UInt8 { i >= radius && i < radius + count ? values[i - radius] : neutral }
    for i in 0..<blocks {
        let v = value(i)
        forward[i] = i % window == 0 ? v : (maximum ? Swift.max(forward[i - 1], v) : Swift.min(forward[i - 1], v))
    }
    for i in stride(from: blocks - 1, through: 0, by: -1) {
        let v = value(i)
        backward[i] = i % window == window - 1 ? v : (maximum ? Swift.max(backward[i + 1], v) : Swift.min(backward[i + 1], v))
    }
    for p in 0..<count {
        result.append(maximum ? Swift.max(backward[p], forward[p + window - 1]) : Swift.min(backward[p], forward[p + window - 1]))
    }
}
