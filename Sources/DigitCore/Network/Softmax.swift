#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Softmax of one row of logits, divided by `temperature` first (1 leaves them as they are).
public func softmax(_ logits: UnsafePointer<Float>, classes: Int, temperature: Float = 1, into probabilities: UnsafeMutablePointer<Float>) {
    var largest = -Float.infinity
    for j in 0..<classes { largest = max(largest, logits[j] / temperature) }
    var sum: Float = 0
    for j in 0..<classes {
        let e = expf(logits[j] / temperature - largest)
        probabilities[j] = e
        sum += e
    }
    for j in 0..<classes { probabilities[j] /= sum }
}

/// −log softmax(logits)[label], computed stably.
func crossEntropy(logits: UnsafePointer<Float>, label: Int, classes: Int) -> Float {
    var largest = -Float.infinity
    for j in 0..<classes { largest = max(largest, logits[j]) }
    var sum: Float = 0
    for j in 0..<classes { sum += expf(logits[j] - largest) }
    return logf(sum) + largest - logits[label]
}

/// Softmax + cross-entropy over a batch of logits (batch, classes). Writes the gradient with respect
/// to the logits, (softmax − target) · scale, the target being one-hot, or uniform for an image
/// labelled `MNISTSet.notADigit`; returns the summed loss and the number of rows whose largest
/// logit is the label.
func softmaxCrossEntropy(logits: UnsafePointer<Float>, labels: UnsafePointer<UInt8>, batch: Int, classes: Int,
                         logitGradient: UnsafeMutablePointer<Float>, scale: Float) -> (loss: Double, correct: Int) {
    var loss = 0.0
    var correct = 0
    for sample in 0..<batch {
        let row = logits + sample * classes, gradient = logitGradient + sample * classes
        softmax(row, classes: classes, into: gradient)
        guard labels[sample] != MNISTSet.notADigit else {
            // Not a digit: the target is the uniform distribution (cross-entropy against 1/classes each).
            for j in 0..<classes {
                loss -= Double(logf(max(gradient[j], .leastNormalMagnitude))) / Double(classes)
                gradient[j] = (gradient[j] - 1 / Float(classes)) * scale
            }
            continue
        }
        let label = Int(labels[sample])
        loss -= Double(logf(max(gradient[label], .leastNormalMagnitude)))
        var best = 0
        for j in 1..<classes where row[j] > row[best] { best = j }
        if best == label { correct += 1 }
        gradient[label] -= 1
        for j in 0..<classes { gradient[j] *= scale }
    }
    return (loss, correct)
}
