#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Updates a flat parameter vector from its gradient (already the batch mean).
public struct Optimizer: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Stochastic gradient descent, with optional momentum. With batch size 1, learning rate 0.005
        /// and no momentum it is the NumPy tutorial's per-sample training.
        case sgd
        /// Adam (Kingma & Ba), with Keras's defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-7.
        case adam
    }

    public let kind: Kind
    public let momentum: Float
    private var velocity: [Float]          // SGD momentum, or Adam's first moment
    private var squaredAverage: [Float]    // Adam's second moment
    private var steps = 0

    public init(kind: Kind, parameterCount: Int, momentum: Float = 0) {
        self.kind = kind
        self.momentum = momentum
        velocity = [Float](repeating: 0, count: kind == .adam || momentum != 0 ? parameterCount : 0)
        squaredAverage = [Float](repeating: 0, count: kind == .adam ? parameterCount : 0)
    }

    public mutating func step(parameters: inout [Float], gradient: UnsafeBufferPointer<Float>, learningRate: Float) {
        precondition(parameters.count == gradient.count, "gradient and parameters differ in size")
        steps += 1
        let count = parameters.count
        parameters.withUnsafeMutableBufferPointer { p in
            velocity.withUnsafeMutableBufferPointer { v in
                squaredAverage.withUnsafeMutableBufferPointer { s in
                    switch kind {
                    case .sgd where momentum == 0:
                        for i in 0..<count { p[i] -= learningRate * gradient[i] }
                    case .sgd:
                        for i in 0..<count {
                            v[i] = momentum * v[i] - learningRate * gradient[i]
                            p[i] += v[i]
                        }
                    case .adam:
                        let (beta1, beta2, epsilon): (Float, Float, Float) = (0.9, 0.999, 1e-7)
                        // Bias correction folded into the step size, as Keras does.
                        let t = Float(steps)
                        let stepSize = learningRate * (1 - powf(beta2, t)).squareRoot() / (1 - powf(beta1, t))
                        for i in 0..<count {
                            let g = gradient[i]
                            v[i] = beta1 * v[i] + (1 - beta1) * g
                            s[i] = beta2 * s[i] + (1 - beta2) * g * g
                            p[i] -= stepSize * v[i] / (s[i].squareRoot() + epsilon)
                        }
                    }
                }
            }
        }
    }
}
