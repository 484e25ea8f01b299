/// Grey-level morphology with square elements, what the paper and stroke-width stages are built on: an
/// opening (a minimum, then a maximum, over a (2r+1)² square) removes bright structures narrower than the
/// square and keeps broad ones, whatever their level; a ramp and a step come through it unchanged.
extension GrayImage {
    /// Each pixel replaced by the minimum (or, with `maximum`, the maximum) of the (2·radius+1)² square
    /// around it, the square cut off at the image's border.
    func squareExtreme(radius: Int, maximum: Bool) -> GrayImage {
        guard radius > 0, width > 0, height > 0 else { return self }
        // Down the columns, then (transposed) along the rows: the column pass runs 16 columns at a time.
        var down = self
        down.pixels.withUnsafeMutableBufferPointer { columnExtremes($0.baseAddress!, width: width, height: height, radius: radius, maximum: maximum) }
        var across = down.transposed()
        across.pixels.withUnsafeMutableBufferPointer { columnExtremes($0.baseAddress!, width: height, height: width, radius: radius, maximum: maximum) }
        return across.transposed()
    }

    /// The opening with a segment of 2·radius+1 along every column (or, with `columns` false, every row), cut
    /// off at the image's edges: what keeps straight lines along that direction.
    func openedAlong(columns: Bool, radius: Int) -> GrayImage {
        var image = columns ? self : transposed()
        image.pixels.withUnsafeMutableBufferPointer {
            columnExtremes($0.baseAddress!, width: image.width, height: image.height, radius: radius, maximum: false)
            columnExtremes($0.baseAddress!, width: image.width, height: image.height, radius: radius, maximum: true)
        }
        return columns ? image : image.transposed()
    }

    /// (width, height) → (height, width): 8×8 blocks as eight 64-bit words, transposed in three rounds of
    /// masked swaps (Hacker's Delight's transpose8); the edges a byte at a time.
    func transposed() -> GrayImage {
        var result = GrayImage(width: height, height: width, filledWith: 0)
        let (width, height) = (self.width, self.height)
        let (fullWidth, fullHeight) = (width & ~7, height & ~7)
        pixels.withUnsafeBufferPointer { source in
            result.pixels.withUnsafeMutableBufferPointer { target in
                let (from, to) = (UnsafeRawPointer(source.baseAddress!), UnsafeMutableRawPointer(target.baseAddress!))
                for y0 in stride(from: 0, to: fullHeight, by: 8) {
                    for x0 in stride(from: 0, to: fullWidth, by: 8) {
                        // Row k's eight bytes, x0 ..< x0 + 8, byte j in bits 8j.
                        @inline(__always) func row(_ k: Int) -> UInt64 {
                            UInt64(littleEndian: from.loadUnaligned(fromByteOffset: (y0 + k) * width + x0, as: UInt64.self))
                        }
                        var (r0, r1, r2, r3, r4, r5, r6, r7) = (row(0), row(1), row(2), row(3), row(4), row(5), row(6), row(7))
                        // Swaps the bits of `mask` of a, moved down by `shift`, with those of b.
                        @inline(__always) func swap(_ a: inout UInt64, _ b: inout UInt64, _ shift: UInt64, _ mask: UInt64) {
                            let t = ((a >> shift) ^ b) & mask
                            b ^= t
                            a ^= t << shift
                        }
                        // Bytes, then pairs of bytes, then quadruples.
                        let (bytes, pairs, quadruples): (UInt64, UInt64, UInt64) = (0x00FF_00FF_00FF_00FF, 0x0000_FFFF_0000_FFFF, 0x0000_0000_FFFF_FFFF)
                        swap(&r0, &r1, 8, bytes); swap(&r2, &r3, 8, bytes); swap(&r4, &r5, 8, bytes); swap(&r6, &r7, 8, bytes)
                        swap(&r0, &r2, 16, pairs); swap(&r1, &r3, 16, pairs); swap(&r4, &r6, 16, pairs); swap(&r5, &r7, 16, pairs)
                        swap(&r0, &r4, 32, quadruples); swap(&r1, &r5, 32, quadruples); swap(&r2, &r6, 32, quadruples); swap(&r3, &r7, 32, quadruples)
                        @inline(__always) func store(_ column: UInt64, _ k: Int) {
                            to.storeBytes(of: column.littleEndian, toByteOffset: (x0 + k) * height + y0, as: UInt64.self)
                        }
                        store(r0, 0); store(r1, 1); store(r2, 2); store(r3, 3); store(r4, 4); store(r5, 5); store(r6, 6); store(r7, 7)
                    }
                }
                let (bytesFrom, bytesTo) = (source.baseAddress!, target.baseAddress!)
                for y in 0..<height {
                    let firstX = y < fullHeight ? fullWidth : 0
                    for x in firstX..<width { bytesTo[x * height + y] = bytesFrom[y * width + x] }
                }
            }
        }
        return result
    }

    /// The opening with a (2·radius+1)² square. The image is first extended by 2·radius pixels that repeat
    /// its border, so that light rising towards the border is kept as it is rather than cut off there; or, with
    /// `beyond`, that hold this level, so that what is bright at the border is no broader than it looks.
    func opened(radius: Int, beyond: UInt8? = nil) -> GrayImage {
        guard radius > 0 else { return self }
        let pad = 2 * radius
        var padded = GrayImage(width: width + 2 * pad, height: height + 2 * pad, filledWith: 0)
        let (width, height, paddedWidth) = (self.width, self.height, padded.width)
        pixels.withUnsafeBufferPointer { source in
            padded.pixels.withUnsafeMutableBufferPointer { target in
                for y in 0..<padded.height {
                    let to = target.baseAddress! + y * paddedWidth
                    if let beyond, y < pad || y >= pad + height {
                        to.initialize(repeating: beyond, count: paddedWidth)
                        continue
                    }
                    let from = source.baseAddress! + min(max(y - pad, 0), height - 1) * width
                    to.initialize(repeating: beyond ?? from[0], count: pad)
                    (to + pad).update(from: from, count: width)
                    (to + pad + width).initialize(repeating: beyond ?? from[width - 1], count: pad)
                }
            }
        }
        // min over the square, then max: each separable, and the row and column passes of one kind commute, so
        // the order min-down, (min-across, max-across on the transposed image), max-down needs two transposes.
        padded.pixels.withUnsafeMutableBufferPointer {
            columnExtremes($0.baseAddress!, width: paddedWidth, height: padded.height, radius: radius, maximum: false)
        }
        var across = padded.transposed()
        across.pixels.withUnsafeMutableBufferPointer {
            columnExtremes($0.baseAddress!, width: across.width, height: across.height, radius: radius, maximum: false)
            columnExtremes($0.baseAddress!, width: across.width, height: across.height, radius: radius, maximum: true)
        }
        var opening = across.transposed()
        opening.pixels.withUnsafeMutableBufferPointer {
            columnExtremes($0.baseAddress!, width: paddedWidth, height: opening.height, radius: radius, maximum: true)
        }
        var result = self
        opening.pixels.withUnsafeBufferPointer { source in
            result.pixels.withUnsafeMutableBufferPointer { target in
                for y in 0..<height {
                    (target.baseAddress! + y * width).update(from: source.baseAddress! + (y + pad) * paddedWidth + pad, count: width)
                }
            }
        }
        return result
    }
}

/// The minimum (or maximum) of the 2·radius+1 values centred on each value down every column of a (height,
/// width) image, in place, cut off at its top and bottom: van Herk's running extremes with 16 columns in one
/// vector, so that each value costs a few vector operations whatever the radius.
func columnExtremes(_ pixels: UnsafeMutablePointer<UInt8>, width: Int, height: Int, radius: Int, maximum: Bool) {
    typealias Lanes = SIMD16<UInt8>
    let window = 2 * radius + 1
    let blocks = (height + 2 * radius + window - 1) / window * window
    let neutral = Lanes(repeating: maximum ? 0 : 255)
    @inline(__always) func pick(_ a: Lanes, _ b: Lanes) -> Lanes {
        maximum ? pointwiseMax(a, b) : pointwiseMin(a, b)
    }
    withUnsafeTemporaryAllocation(of: Lanes.self, capacity: 4 * blocks) { buffer in
        let extended = buffer.baseAddress!, forward = extended + blocks, backward = forward + blocks, tail = backward + blocks
        /// The extremes of the 16 columns from `column` (of `lanes` real ones, the rest neutral), row by row.
        func extremes(from column: Int, lanes: Int, _ result: (_ y: Int, _ value: Lanes) -> Void) {
            for i in 0..<radius { extended[i] = neutral }
            for y in 0..<height {
                let row = pixels + y * width + column
                if lanes == Lanes.scalarCount {
                    extended[radius + y] = UnsafeRawPointer(row).loadUnaligned(as: Lanes.self)
                } else {
                    var vector = neutral
                    for lane in 0..<lanes { vector[lane] = row[lane] }
                    extended[radius + y] = vector
                }
            }
            for i in (radius + height)..<blocks { extended[i] = neutral }
            // `forward`: the running extreme from each block's start; `backward`: from its end. A window spans
            // at most two blocks. The running extreme stays in a register.
            for start in stride(from: 0, to: blocks, by: window) {
                var running = extended[start]
                forward[start] = running
                for i in (start &+ 1)..<(start &+ window) {
                    running = pick(running, extended[i])
                    forward[i] = running
                }
                running = extended[start &+ window &- 1]
                backward[start &+ window &- 1] = running
                var i = start &+ window &- 2
                while i >= start {
                    running = pick(running, extended[i])
                    backward[i] = running
                    i &-= 1
                }
            }
            for y in 0..<height { result(y, pick(backward[y], forward[y + window - 1])) }
        }
        let whole = width / Lanes.scalarCount * Lanes.scalarCount
        // Columns past the last whole vector: when the image is a vector wide, as the vector that ends at its last
        // column, worked out first (the pixels are changed in place) and written last.
        let tailStart = whole < width && width >= Lanes.scalarCount ? width - Lanes.scalarCount : nil
        if let tailStart { extremes(from: tailStart, lanes: Lanes.scalarCount) { y, value in tail[y] = value } }
        for column in stride(from: 0, to: whole, by: Lanes.scalarCount) {
            extremes(from: column, lanes: Lanes.scalarCount) { y, value in
                UnsafeMutableRawPointer(pixels + y * width + column).storeBytes(of: value, as: Lanes.self)
            }
        }
        if let tailStart {
            for y in 0..<height {
                let row = pixels + y * width
                for x in whole..<width { row[x] = tail[y][x - tailStart] }
            }
        } else if whole < width {
            extremes(from: whole, lanes: width - whole) { y, value in
                for lane in 0..<(width - whole) { pixels[y * width + whole + lane] = value[lane] }
            }
        }
    }
}
