/// Grey-level morphology with square elements, what the paper and stroke-width stages are built on: an
/// opening (a minimum, then a maximum, over a (2r+1)² square) removes bright structures narrower than the
/// square and keeps broad ones, whatever their level; a ramp and a step come through it unchanged.
extension GrayImage {
    /// Each pixel replaced by the minimum (or, with `maximum`, the maximum) of the (2·radius+1)² square
    /// around it, the square cut off at the image's border.
    func squareExtreme(radius: Int, maximum: Bool) -> GrayImage {
        guard radius > 0, width > 0, height > 0 else { return self }
        var result = self
        var scratch = RunningExtremeScratch(count: Swift.max(width, height), radius: radius)
        result.pixels.withUnsafeMutableBufferPointer { pixels in
            let base = pixels.baseAddress!
            for row in 0..<height { scratch.filter(base + row * width, stride: 1, count: width, maximum: maximum) }
            for column in 0..<width { scratch.filter(base + column, stride: width, count: height, maximum: maximum) }
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

/// The minimum or maximum of the window of 2·radius+1 values centred on each value of a line (cut off at
/// the ends), in three comparisons per value whatever the radius (van Herk; Gil and Werman), with buffers
/// for lines of up to `count` values, reused from line to line.
struct RunningExtremeScratch {
    let radius: Int
    private var extended: [UInt8], forward: [UInt8], backward: [UInt8]

    init(count: Int, radius: Int) {
        self.radius = radius
        let window = 2 * radius + 1
        let blocks = (count + 2 * radius + window - 1) / window * window
        extended = [UInt8](repeating: 0, count: blocks)
        forward = extended
        backward = extended
    }

    /// Filters the `count` values at `line`, `stride` apart, in place.
    mutating func filter(_ line: UnsafeMutablePointer<UInt8>, stride: Int, count: Int, maximum: Bool) {
        if maximum {
            run(line, stride: stride, count: count, neutral: 0) { $0 > $1 ? $0 : $1 }
        } else {
            run(line, stride: stride, count: count, neutral: 255) { $0 < $1 ? $0 : $1 }
        }
    }

    @inline(__always)
    private mutating func run(_ line: UnsafeMutablePointer<UInt8>, stride: Int, count: Int, neutral: UInt8,
                              pick: (UInt8, UInt8) -> UInt8) {
        let radius = self.radius, window = 2 * radius + 1
        let blocks = (count + 2 * radius + window - 1) / window * window
        extended.withUnsafeMutableBufferPointer { extended in
            forward.withUnsafeMutableBufferPointer { forward in
                backward.withUnsafeMutableBufferPointer { backward in
                    // The values with `radius` neutral ones before and after, in blocks of `window`: `forward` is
                    // the running extreme from each block's start, `backward` from each block's end. A window
                    // spans at most two blocks.
                    for i in 0..<radius { extended[i] = neutral }
                    for p in 0..<count { extended[radius + p] = line[p * stride] }
                    for i in (radius + count)..<blocks { extended[i] = neutral }
                    for start in Swift.stride(from: 0, to: blocks, by: window) {
                        forward[start] = extended[start]
                        for i in (start + 1)..<(start + window) { forward[i] = pick(forward[i - 1], extended[i]) }
                        backward[start + window - 1] = extended[start + window - 1]
                        var i = start + window - 2
                        while i >= start {
                            backward[i] = pick(backward[i + 1], extended[i])
                            i -= 1
                        }
                    }
                    for p in 0..<count { line[p * stride] = pick(backward[p], forward[p + window - 1]) }
                }
            }
        }
    }
}
