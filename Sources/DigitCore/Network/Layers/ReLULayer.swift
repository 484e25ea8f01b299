/// max(0, x), element-wise.
struct ReLULayer: NetworkLayer {
    let inputShape: Shape
    var outputShape: Shape { inputShape }
    var parameterCount: Int { 0 }
    func scratchCount(batch: Int) -> Int { 0 }
    func initialize(_ parameters: UnsafeMutableBufferPointer<Float>, scheme: Initialization, using generator: inout SeededGenerator) {}

    func forward(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, batch: Int,
                 parameters: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        let count = batch * inputShape.count
        var index = 0
        while index + 8 <= count {   // eight lanes at a time: the scalar max is not vectorised
            store8(lanewiseMax(load8(input + index), SIMD8()), output + index)
            index += 8
        }
        while index < count {
            output[index] = max(input[index], 0)
            index += 1
        }
    }

    func backward(input: UnsafePointer<Float>, output: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>?, batch: Int, parameters: UnsafePointer<Float>,
                  parameterGradient: UnsafeMutablePointer<Float>, scratch: UnsafeMutablePointer<Float>) {
        guard let inputGradient else { return }
        for index in 0..<batch * inputShape.count { inputGradient[index] = output[index] > 0 ? outputGradient[index] : 0 }
    }
}
