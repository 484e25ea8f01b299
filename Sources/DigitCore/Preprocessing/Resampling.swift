/// Resizing for preprocessing: area averaging when shrinking (each output pixel is the mean of the
/// input area it covers, the anti-aliasing MNIST's authors used), bilinear when enlarging.
extension GrayImage {
    public func resized(width newWidth: Int, height newHeight: Int) -> GrayImage {
        precondition(newWidth > 0 && newHeight > 0, "empty target size")
        if newWidth == width && newHeight == height { return self }
        let values = resample(pixels, width: width, height: height, toWidth: newWidth, toHeight: newHeight)
        return GrayImage(width: newWidth, height: newHeight, pixels: values.map { UInt8(clamping: Int($0.rounded())) })
    }
}

/// Resamples a (height, width) plane of 8-bit values into floats; separable, one axis at a time.
func resample(_ plane: [UInt8], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [Float] {
    // Horizontal pass, on the plane transposed, (width, height): an output column is then a few whole input
    // columns weighted and added, all its rows at once, where a row at a time each sum waited on the last.
    // The sums are the same, term by term in the same order. (width, height) → (toWidth, height)
    let columns = GrayImage(width: width, height: height, pixels: plane).transposed().pixels
    var resampledColumns = [Float](repeating: 0, count: toWidth * height)
    Taps(from: width, to: toWidth).withPointers { first, offset, weights in
        columns.withUnsafeBufferPointer { columns in
            resampledColumns.withUnsafeMutableBufferPointer { resampled in
                for x in 0..<toWidth {
                    let target = resampled.baseAddress! + x * height
                    for tap in offset[x]..<offset[x + 1] {
                        let source = columns.baseAddress! + (first[x] + tap - offset[x]) * height
                        let weight = weights[tap]
                        for y in 0..<height { target[y] += Float(source[y]) * weight }
                    }
                }
            }
        }
    }
    // Back to rows: (toWidth, height) → (height, toWidth)
    var rows = [Float](repeating: 0, count: height * toWidth)
    resampledColumns.withUnsafeBufferPointer { columns in
        rows.withUnsafeMutableBufferPointer { rows in
            for x in 0..<toWidth {
                let column = columns.baseAddress! + x * height
                for y in 0..<height { rows[y * toWidth + x] = column[y] }
            }
        }
    }
    // Vertical pass: (height, toWidth) → (toHeight, toWidth)
    var result = [Float](repeating: 0, count: toHeight * toWidth)
    Taps(from: height, to: toHeight).withPointers { first, offset, weights in
        rows.withUnsafeBufferPointer { rows in
            result.withUnsafeMutableBufferPointer { result in
                for y in 0..<toHeight {
                    let target = result.baseAddress! + y * toWidth
                    for tap in offset[y]..<offset[y + 1] {
                        let source = rows.baseAddress! + (first[y] + tap - offset[y]) * toWidth
                        let weight = weights[tap]
                        for x in 0..<toWidth { target[x] += source[x] * weight }
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
