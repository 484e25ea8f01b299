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

/// Resamples a (height, width) plane of 8-bit values into floats; separable, one axis at a time.
func resample(_ plane: [UInt8], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [Float] {
    // Horizontal pass: (height, width) → (height, toWidth)
    var rows = [Float](repeating: 0, count: height * toWidth)
    Taps(from: width, to: toWidth).withPointers { first, offset, weights in
        plane.withUnsafeBufferPointer { plane in
            rows.withUnsafeMutableBufferPointer { rows in
                for y in 0..<height {
                    let source = plane.baseAddress! + y * width, target = rows.baseAddress! + y * toWidth
                    for x in 0..<toWidth {
                        let from = source + first[x]
                        var sum: Float = 0
                        for tap in offset[x]..<offset[x + 1] { sum += Float(from[tap - offset[x]]) * weights[tap] }
                        target[x] = sum
                    }
                }
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
