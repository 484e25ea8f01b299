/// Resizing for preprocessing: area averaging when shrinking (each output pixel is the mean of the
/// input area it covers, the anti-aliasing MNIST's authors used), bilinear when enlarging.
extension GrayImage {
    public func resized(width newWidth: Int, height newHeight: Int) -> GrayImage {
        precondition(newWidth > 0 && newHeight > 0, "empty target size")
        if newWidth == width && newHeight == height { return self }
        let values = resample(pixels.map(Float.init), width: width, height: height, toWidth: newWidth, toHeight: newHeight)
        return GrayImage(width: newWidth, height: newHeight, pixels: values.map { UInt8(clamping: Int(($0).rounded())) })
    }
}

/// Resamples a (height, width) plane of floats; separable, one axis at a time.
func resample(_ plane: [Float], width: Int, height: Int, toWidth: Int, toHeight: Int) -> [Float] {
    // Horizontal pass: (height, width) → (height, toWidth)
    let horizontal = weights(from: width, to: toWidth)
    var rows = [Float](repeating: 0, count: height * toWidth)
    for y in 0..<height {
        for (x, taps) in horizontal.enumerated() {
            var sum: Float = 0
            for (index, weight) in taps { sum += plane[y * width + index] * weight }
            rows[y * toWidth + x] = sum
        }
    }
    // Vertical pass: (height, toWidth) → (toHeight, toWidth)
    let vertical = weights(from: height, to: toHeight)
    var result = [Float](repeating: 0, count: toHeight * toWidth)
    for (y, taps) in vertical.enumerated() {
        for (index, weight) in taps {
            for x in 0..<toWidth { result[y * toWidth + x] += rows[index * toWidth + x] * weight }
        }
    }
    return result
}

/// For each output sample along one axis, the input samples it draws from and their weights (summing to 1).
private func weights(from source: Int, to target: Int) -> [[(Int, Float)]] {
    let scale = Double(source) / Double(target)
    return (0..<target).map { output in
        if target < source {
            // Area average: the output pixel covers [output·scale, (output+1)·scale) of the input.
            let start = Double(output) * scale, end = start + scale
            var taps: [(Int, Float)] = []
            var index = Int(start)
            while Double(index) < end && index < source {
                let overlap = min(end, Double(index + 1)) - max(start, Double(index))
                if overlap > 1e-9 { taps.append((index, Float(overlap / scale))) }
                index += 1
            }
            return taps
        }
        // Bilinear: sample at the output pixel's centre.
        let centre = min(max((Double(output) + 0.5) * scale - 0.5, 0), Double(source - 1))
        let left = Int(centre), right = min(left + 1, source - 1)
        let fraction = Float(centre - Double(left))
        return fraction == 0 || left == right ? [(left, Float(1))] : [(left, 1 - fraction), (right, fraction)]
    }
}
