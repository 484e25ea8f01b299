/// 2×2 max pooling with stride 2; an odd last row or column is dropped, as in the tutorial.
/// Backward follows the tutorial too: the gradient reaches every input in a window that equals its
/// maximum (ties, common on the blank background, all receive it).
struct MaxPool2Layer: NetworkLayer {
    let inputShape: Shape
    let outputShape: Shape

    init(input: Shape) {
        inputShape = input
        outputShape = Shape(height: input.height / 2, width: input.width / 2, channels: input.channels)
    }

    var parameterCount: Int { 0 }
    func scratchCount(batch: Int) -> Int { 0 }
    func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, scheme: Initialization, using generator: inout SeededGenerator) {}

    /// Calls `body` with the offsets (within one sample) of each output pixel and of its window's top-left input.
    @inline(__always)
    private func forEachWindow(_ body: (_ output: Int, _ corner: Int) -> Void) {
        let channels = inputShape.channels, rowLength = inputShape.width * channels
        var output = 0
        for y in 0..<outputShape.height {
            for x in 0..<outputShape.width {
                body(output, 2 * y * rowLength + 2 * x * channels)
                output += channels
            }
        }
    }

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batch: Int,
                 parameters: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, rowLength = inputShape.width * channels
        for sample in 0..<batch {
            let image = input + sample * inputShape.count, pooled = output + sample * outputShape.count
            forEachWindow { out, corner in
                let top = image + corner, bottom = top + rowLength
                var c = 0
                while c + 8 <= channels {   // eight channels at a time
                    let m = lanewiseMax(lanewiseMax(load8(top + c), load8(top + channels + c)),
                                         lanewiseMax(load8(bottom + c), load8(bottom + channels + c)))
                    store8(m, pooled + out + c)
                    c += 8
                }
                while c < channels {
                    pooled[out + c] = max(max(top[c], top[channels + c]), max(bottom[c], bottom[channels + c]))
                    c += 1
                }
            }
        }
    }

    func backward(input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>?, batch: Int, parameters: UnsafePointer<Float>,
                  parameterGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        guard let inputGradient else { return }
        // Windows do not overlap, so each input they cover is written once; only a dropped odd row or
        // column needs zeroing beforehand.
        if inputShape.height % 2 == 1 || inputShape.width % 2 == 1 {
            inputGradient.update(repeating: 0, count: batch * inputShape.count)
        }
        let channels = inputShape.channels, rowLength = inputShape.width * channels
        let taps = [0, channels, rowLength, rowLength + channels]
        for sample in 0..<batch {
            let image = input + sample * inputShape.count, gradient = inputGradient + sample * inputShape.count
            let maxima = output + sample * outputShape.count, incoming = outputGradient + sample * outputShape.count
            taps.withUnsafeBufferPointer { taps in
                forEachWindow { out, corner in
                    var c = 0
                    while c + 8 <= channels {
                        let maximum = load8(maxima + out + c), value = load8(incoming + out + c)
                        for tap in taps {
                            let position = corner + tap + c
                            store8(SIMD8<Float>().replacing(with: value, where: load8(image + position) .== maximum), gradient + position)
                        }
                        c += 8
                    }
                    while c < channels {
                        for tap in taps {
                            let position = corner + tap + c
                            gradient[position] = image[position] == maxima[out + c] ? incoming[out + c] : 0
                        }
                        c += 1
                    }
                }
            }
        }
    }
}
