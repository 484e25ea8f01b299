/// Grey-level morphology with square elements, what the paper and stroke-width stages are built on: an
/// opening (a minimum, then a maximum, over a (2r+1)² square) removes bright structures narrower than the
/// square and keeps broad ones, whatever their level; a ramp and a step come through it unchanged.
extension GrayImage {
    /// Each pixel replaced by the minimum (or, with `maximum`, the maximum) of the (2·radius+1)² square
    /// around it, the square cut off at the image's border.
    func squareExtreme(radius: Int, maximum: Bool) -> GrayImage {
        guard radius > 0, width > 0, height > 0 else { return self }
        var result = self
        let longest = Swift.max(width, height)
        var scratch = RunningExtremeScratch(count: longest, radius: radius)
        result.pixels.withUnsafeMutableBufferPointer { pixels in
            let base = pixels.baseAddress!
            for row in 0..<height {   // along each row, in place: the scratch holds what is read
                scratch.filter(base + row * width, stride: 1, count: width, maximum: maximum)
            }
            for column in 0..<width {
                scratch.filter(base + column, stride: width, count: height, maximum: maximum)
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
    result = values
    guard !values.isEmpty else { return }
    var scratch = RunningExtremeScratch(count: values.count, radius: radius)
    result.withUnsafeMutableBufferPointer { scratch.filter($0.baseAddress!, stride: 1, count: values.count, maximum: maximum) }
}

/// The buffers of `runningExtreme` for lines of up to `count` values, reused from line to line.
struct RunningExtremeScratch {
    let radius: Int
    private var forward: [UInt8], backward: [UInt8]

    init(count: Int, radius: Int) {
        self.radius = radius
        let window = 2 * radius + 1
        let blocks = (count + 2 * radius + window - 1) / window * window
        forward = [UInt8](repeating: 0, count: blocks)
        backward = forward
    }

    /// Filters the `count` values at `line`, `stride` apart, in place.
    mutating func filter(_ line: UnsafeMutablePointer<UInt8>, stride: Int, count: Int, maximum: Bool) {
        let radius = self.radius, window = 2 * radius + 1
        let neutral: UInt8 = maximum ? 0 : 255
        // The values with `radius` neutral ones before and after, in blocks of `window`: `forward` is the running
        // extreme from each block's start, `backward` from each block's end. A window spans at most two blocks.
        let blocks = (count + 2 * radius + window - 1) / window * window
        forward.withUnsafeMutableBufferPointer { forward in
            backward.withUnsafeMutableBufferPointer { backward in
                @inline(__always) func value(_ i: Int) -> UInt8 { i >= radius && i < radius + count ? line[(i - radius) * stride] : neutral }
                @inline(__always) func pick(_ a: UInt8, _ b: UInt8) -> UInt8 { maximum ? Swift.max(a, b) : Swift.min(a, b) }
                for i in 0..<blocks { forward[i] = i % window == 0 ? value(i) : pick(forward[i - 1], value(i)) }
                var i = blocks - 1
                while i >= 0 {
                    backward[i] = i % window == window - 1 ? value(i) : pick(backward[i + 1], value(i))
                    i -= 1
                }
                for p in 0..<count { line[p * stride] = pick(backward[p], forward[p + window - 1]) }
            }
        }
    }
}
