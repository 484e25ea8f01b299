/// Temperature scaling (Guo et al., 2017): one number T by which every logit is divided, chosen to
/// minimise the cross-entropy on held-out images, so that a printed confidence of 90% is right about
/// 90% of the time. Accuracy is unchanged: dividing by T keeps the order of the logits.
public enum Calibration {
    /// The temperature in [0.25, 8] minimising the mean cross-entropy of `logits` (count, classes) against `labels`.
    /// Images labelled `MNISTSet.notADigit` are left out: the temperature is for the digits' confidence.
    public static func fitTemperature(logits: [Float], labels: [UInt8], classes: Int) -> Float {
        let digits = labels.indices.filter { labels[$0] != MNISTSet.notADigit }
        func loss(_ temperature: Double) -> Double {
            var total = 0.0
            for sample in digits {
                let label = labels[sample]
                let row = logits[sample * classes..<(sample + 1) * classes].map { Double($0) / temperature }
                let largest = row.max()!
                let sum = row.reduce(0) { $0 + exp($1 - largest) }
                total += log(sum) + largest - row[Int(label)]
            }
            return total / Double(max(digits.count, 1))
        }
        // Golden-section search on log T: the loss is unimodal in T.
        var (low, high) = (log(0.25), log(8.0))
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = high - ratio * (high - low), b = low + ratio * (high - low)
        var (lossA, lossB) = (loss(exp(a)), loss(exp(b)))
        for _ in 0..<40 {
            if lossA < lossB {
                high = b; b = a; lossB = lossA
                a = high - ratio * (high - low); lossA = loss(exp(a))
            } else {
                low = a; a = b; lossA = lossB
                b = low + ratio * (high - low); lossB = loss(exp(b))
            }
        }
        return Float(exp((low + high) / 2))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
