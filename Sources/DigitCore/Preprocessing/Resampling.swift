/// Resizing for preprocessing: area averaging when shrinking (each output pixel is the mean of the
/// input area it covers, the anti-aliasing MNIST's authors used), bilinear when enlarging.
extension GrayImage {
    public func resized(width newWidth: Int, height newHeight: Int) -> GrayImage {
        precondition(newWidth > 0 && newHeight > 0, "empty target size")
        if newWidth == width && newHeight == height { return self }
        let values = resample(pixels, width: width, height: height, toWidth: newWidth, toHeight: newHeight)
        let levels = [UInt8](unsafeUninitializedCapacity: values.count) { levels, initialized in
            values.withUnsafeBufferPointer { for index in $0.indices { levels[index] = UInt8(clamping: Int($0[index].rounded())) } }
            initialized = values.count
        }
        return GrayImage(width: newWidth, height: newHeight, pixels: levels)
    }
}

/// Resamples a (height, width) plane of 8-bit values into floats; separable, one axis at a time, each pass
/// adding whole rows: the horizontal pass on the plane transposed, where a row at a time each output's sum
/// waited on its own last addition. The sums are the same, term by term in the same order.
func resample(_ plane: [UInt8], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [Float] {
    // Horizontal pass: (height, width) → transposed (width, height) → (toWidth, height) → (height, toWidth)
    let transposed = GrayImage(width: width, height: height, pixels: plane).transposed().pixels
    let columns = [Float](unsafeUninitializedCapacity: transposed.count) { floats, initialized in
        transposed.withUnsafeBufferPointer { for index in $0.indices { floats[index] = Float($0[index]) } }
        initialized = transposed.count
    }
    let resampledColumns = resampleRows(columns, length: height, count: width, toCount: toWidth)
    let rows = [Float](unsafeUninitializedCapacity: height * toWidth) { rows, initialized in
        resampledColumns.withUnsafeBufferPointer { columns in
            for x in 0..<toWidth {
                for y in 0..<height { rows[y * toWidth + x] = columns[x * height + y] }
            }
        }
        initialized = height * toWidth
    }
    // Vertical pass: (height, toWidth) → (toHeight, toWidth)
    return resampleRows(rows, length: toWidth, count: height, toCount: toHeight)
}

/// `count` rows of `length` values resampled along the rows' axis into `toCount` rows: each a weighted sum of
/// whole rows.
private func resampleRows(_ rows: [Float], length: Int, count: Int, toCount: Int) -> [Float] {
    var result = [Float](repeating: 0, count: toCount * length)
    Taps(from: count, to: toCount).withPointers { first, offset, weights in
        rows.withUnsafeBufferPointer { rows in
            result.withUnsafeMutableBufferPointer { result in
                for row in 0..<toCount {
                    let target = result.baseAddress! + row * length
                    for tap in offset[row]..<offset[row + 1] {
                        let source = rows.baseAddress! + (first[row] + tap - offset[row]) * length
                        let weight = weights[tap]
                        for x in 0..<length { target[x] += source[x] * weight }
                    }
                }
            }
        }
    }
    return result
}

/// For each output sample along one axis, the run of input samples it draws from and their weights (summing
/// to 1): output i takes inputs first[i]... with weights[offset[i] ..< offset[i + 1]].
private struct Taps {
    var first: [Int] = []
    var offset: [Int] = [0]
    var weights: [Float] = []

    init(from source: Int, to target: Int) {
        let scale = Double(source) / Double(target)
        for output in 0..<target {
            if target < source {
                // Area average: the output pixel covers [output·scale, (output+1)·scale) of the input.
                let start = Double(output) * scale, end = start + scale
                var index = Int(start), firstIndex: Int? = nil
                while Double(index) < end && index < source {
                    let overlap = min(end, Double(index + 1)) - max(start, Double(index))
                    if overlap > 1e-9 {
                        if firstIndex == nil { firstIndex = index }
                        weights.append(Float(overlap / scale))
                    }
                    index += 1
                }
                first.append(firstIndex ?? 0)
            } else {
                // Bilinear: sample at the output pixel's centre.
                let centre = min(max((Double(output) + 0.5) * scale - 0.5, 0), Double(source - 1))
                let left = Int(centre), right = min(left + 1, source - 1)
                let fraction = Float(centre - Double(left))
                first.append(left)
                weights += fraction == 0 || left == right ? [1] : [1 - fraction, fraction]
            }
            offset.append(weights.count)
        }
    }

    func withPointers(_ body: (UnsafePointer<Int>, UnsafePointer<Int>, UnsafePointer<Float>) -> Void) {
        first.withUnsafeBufferPointer { first in
            offset.withUnsafeBufferPointer { offset in
                weights.withUnsafeBufferPointer { body(first.baseAddress!, offset.baseAddress!, $0.baseAddress!) }
            }
        }
    }
}
