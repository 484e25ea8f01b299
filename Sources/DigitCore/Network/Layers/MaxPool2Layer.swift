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

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batch: Int,
                 parameters: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let channels = inputShape.channels, rowLength = inputShape.width * channels
        var target = output
        for sample in 0..<batch {
            let image = input + sample * inputShape.count
            for y in 0..<outputShape.height {
                let top = image + 2 * y * rowLength, bottom = top + rowLength
                for x in 0..<outputShape.width {
                    let left = 2 * x * channels, right = left + channels
                    for c in 0..<channels {
                        target[c] = max(max(top[left + c], top[right + c]), max(bottom[left + c], bottom[right + c]))
                    }
                    target += channels
                }
            }
        }
    }

    func backward(input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>?, batch: Int, parameters: UnsafePointer<Float>,
                  parameterGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        guard let inputGradient else { return }
        inputGradient.update(repeating: 0, count: batch * inputShape.count)
        let channels = inputShape.channels, rowLength = inputShape.width * channels
        var index = 0
        for sample in 0..<batch {
            let offset = sample * inputShape.count
            for y in 0..<outputShape.height {
                for x in 0..<outputShape.width {
                    let corner = offset + 2 * y * rowLength + 2 * x * channels
                    for c in 0..<channels {
                        let maximum = output[index], gradient = outputGradient[index]
                        @inline(__always) func route(_ position: Int) {
                            if input[position] == maximum { inputGradient[position] = gradient }
                        }
                        route(corner + c)
                        route(corner + channels + c)
                        route(corner + rowLength + c)
                        route(corner + rowLength + channels + c)
                        index += 1
                    }
                }
            }
        }
    }
}
