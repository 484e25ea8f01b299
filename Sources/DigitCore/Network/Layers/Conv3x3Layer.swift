/// K filters of 3×3 over all C input channels, stride 1, valid or same (zero) padding, optional bias.
/// Computed as im2col + matrix multiply: each output pixel's 3×3×C neighbourhood becomes a row of
/// `columns` (batch·H'·W', 9C), and (batch·H'·W', 9C) · (9C, K) gives the (batch, H', W', K) output.
/// Weights are (3, 3, C, K), i.e. the (9C, K) matrix; then K biases.
struct Conv3x3Layer: NetworkLayer {
    let inputShape: Shape
    private(set) var outputShape: Shape
    let padding: Int
    let hasBias: Bool

    init(input: Shape, filters: Int, samePadding: Bool, bias: Bool) {
        inputShape = input
        padding = samePadding ? 1 : 0
        outputShape = Shape(height: input.height + 2 * padding - 2, width: input.width + 2 * padding - 2, channels: filters)
        hasBias = bias
    }

    /// The same convolution computing only the top-left `output` pixels (for inference, where a max pool
    /// reads no more).
    func cropped(to output: Shape) -> Conv3x3Layer {
        var cropped = self
        cropped.outputShape = output
        return cropped
    }

    var patchSize: Int { 9 * inputShape.channels }
    var filters: Int { outputShape.channels }
    var outputPixels: Int { outputShape.height * outputShape.width }
    var parameterCount: Int { patchSize * filters + (hasBias ? filters : 0) }

    /// columns (batch·H'·W', 9C), their gradient (same), and the transposed weights (K, 9C).
    func scratchCount(batch: Int) -> Int { 2 * batch * outputPixels * patchSize + patchSize * filters }
    func forwardScratchCount(batch: Int) -> Int { batch * outputPixels * patchSize }

    func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, scheme: Initialization, using generator: inout SeededGenerator) {
        let weights = UnsafeMutableBufferPointer(rebasing: parameters[0..<patchSize * filters])
        switch scheme {
        case .tutorial: weights.fillNormal(scale: 1 / 9, using: &generator)
        case .he: weights.fillNormal(scale: (2 / Float(patchSize)).squareRoot(), using: &generator)
        }
        for index in patchSize * filters..<parameters.count { parameters[index] = 0 }
    }

    /// Visits, for every sample, output row and filter tap (dy, dx), the run of output pixels whose tap
    /// lands inside the image: `body(source, destination, count)` with the source pixels contiguous
    /// (C floats apart) and the destination rows 9C floats apart. Taps that land in the padding are
    /// passed to `outside` instead.
    @inline(__always)
    private func forEachTapRun(batch: Int, columns: UnsafeMutablePointer<Float>,
                               inside body: (_ source: Int, _ destination: UnsafeMutablePointer<Float>, _ count: Int) -> Void,
                               outside: (_ destination: UnsafeMutablePointer<Float>, _ count: Int) -> Void) {
        let (height, width, channels) = (inputShape.height, inputShape.width, inputShape.channels)
        let (outputHeight, outputWidth) = (outputShape.height, outputShape.width)
        let rowLength = patchSize
        for sample in 0..<batch {
            let imageOffset = sample * inputShape.count
            for y in 0..<outputHeight {
                let outputRow = columns + (sample * outputHeight + y) * outputWidth * rowLength
                for dy in 0..<3 {
                    let sourceY = y + dy - padding
                    for dx in 0..<3 {
                        let destination = outputRow + (dy * 3 + dx) * channels
                        guard sourceY >= 0 && sourceY < height else {
                            outside(destination, outputWidth)
                            continue
                        }
                        // Output columns whose tap falls inside the image: sourceX = x + dx − padding in 0..<width.
                        let first = max(0, padding - dx), end = min(outputWidth, width + padding - dx)
                        outside(destination, first)
                        body(imageOffset + (sourceY * width + first + dx - padding) * channels,
                             destination + first * rowLength, end - first)
                        outside(destination + end * rowLength, outputWidth - end)
                    }
                }
            }
        }
    }

    /// im2col: each output pixel's 3×3×C input neighbourhood becomes one row; zeros where padding reaches outside.
    private func gatherColumns(_ input: UnsafePointer<Float>, batch: Int, into columns: UnsafeMutablePointer<Float>) {
        guard padding > 0 else { return gatherValidPatches(input, batch: batch, into: columns) }
        let channels = inputShape.channels, rowLength = patchSize
        forEachTapRun(batch: batch, columns: columns, inside: { source, destination, count in
            for x in 0..<count { copyFloats(input + source + x * channels, to: destination + x * rowLength, count: channels) }
        }, outside: { destination, count in
            for x in 0..<count { (destination + x * rowLength).update(repeating: 0, count: channels) }
        })
    }

    /// im2col without padding, the common case: a row is three runs of 3C floats, one per filter row,
    /// each contiguous in the input, written in order.
    private func gatherValidPatches(_ input: UnsafePointer<Float>, batch: Int, into columns: UnsafeMutablePointer<Float>) {
        let (width, channels) = (inputShape.width, inputShape.channels)
        let run = 3 * channels, inputRow = width * channels
        var row = columns
        for sample in 0..<batch {
            let image = input + sample * inputShape.count
            for y in 0..<outputShape.height {
                var top = image + y * inputRow
                for x in 0..<outputShape.width {
                    if channels == 1 && x + 1 < outputShape.width {
                        // Runs of three as four-lane copies: each spills one float into the next run or
                        // the next pixel's row, written after it (not at a row's last pixel, whose spill
                        // could leave the buffer).
                        for dy in 0..<3 {
                            UnsafeMutableRawPointer(row + 3 * dy).storeBytes(
                                of: UnsafeRawPointer(top + dy * inputRow).loadUnaligned(as: SIMD4<Float>.self), as: SIMD4<Float>.self)
                        }
                    } else {
                        copyFloats(top, to: row, count: run)
                        copyFloats(top + inputRow, to: row + run, count: run)
                        copyFloats(top + 2 * inputRow, to: row + 2 * run, count: run)
                    }
                    row += patchSize
                    top += channels
                }
            }
        }
    }

    /// col2im, the reverse of gatherColumns: adds each row's gradient back onto the input pixels it came from.
    private func scatterColumns(_ columns: UnsafeMutablePointer<Float>, batch: Int, into inputGradient: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, rowLength = patchSize
        inputGradient.update(repeating: 0, count: batch * inputShape.count)
        forEachTapRun(batch: batch, columns: columns, inside: { target, row, count in
            let target = inputGradient + target
            for x in 0..<count {
                let pixel = target + x * channels, gradient = row + x * rowLength
                for c in 0..<channels { pixel[c] += gradient[c] }
            }
        }, outside: { _, _ in })
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batch: Int,
                 parameters: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let rows = batch * outputPixels
        let columns = scratch   // (batch·H'·W', 9C)
        gatherColumns(input, batch: batch, into: columns)
        matrixMultiply(m: rows, n: filters, k: patchSize, a: columns, aRowStride: patchSize, aColumnStride: 1,
                       b: parameters, bRowStride: filters, c: output, cRowStride: filters, accumulating: false,
                       rowStart: hasBias ? parameters + patchSize * filters : nil)
    }

    func backward(input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>?, batch: Int, parameters: UnsafePointer<Float>,
                  parameterGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let rows = batch * outputPixels
        let columns = scratch, columnsGradient = scratch + rows * patchSize
        let weightsTransposed = columnsGradient + rows * patchSize   // (K, 9C)
        // dW (9C, K) += columnsᵀ · dOut
        matrixMultiply(m: patchSize, n: filters, k: rows, a: columns, aRowStride: 1, aColumnStride: patchSize,
                       b: outputGradient, bRowStride: filters, c: parameterGradient, cRowStride: filters, accumulating: true)
        if hasBias { addRowSums(of: outputGradient, rows: rows, columns: filters, into: parameterGradient + patchSize * filters) }
        guard let inputGradient else { return }
        // dColumns (rows, 9C) = dOut (rows, K) · Wᵀ (K, 9C), then back onto the input pixels.
        transpose(parameters, rows: patchSize, columns: filters, into: weightsTransposed)
        matrixMultiply(m: rows, n: patchSize, k: filters, a: outputGradient, aRowStride: filters, aColumnStride: 1,
                       b: weightsTransposed, bRowStride: patchSize, c: columnsGradient, cRowStride: patchSize, accumulating: false)
        scatterColumns(columnsGradient, batch: batch, into: inputGradient)
    }
}
