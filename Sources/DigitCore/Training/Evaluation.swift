import Dispatch

/// What a model does on a labelled set: the figures `eval` prints.
public struct Evaluation: Sendable {
    public let count: Int
    public let correct: Int
    public let meanLoss: Double
    /// confusion[label][predicted]
    public let confusion: [[Int]]
    /// Expected calibration error over 15 equal-width confidence bins.
    public let expectedCalibrationError: Double
    public let seconds: Double

    public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    public var imagesPerSecond: Double { seconds > 0 ? Double(count) / seconds : 0 }

    /// Of the images predicted as `digit`, the share that are.
    public func precision(_ digit: Int) -> Double {
        let predicted = confusion.reduce(0) { $0 + $1[digit] }
        return predicted == 0 ? 0 : Double(confusion[digit][digit]) / Double(predicted)
    }

    /// Of the images of `digit`, the share predicted as such.
    public func recall(_ digit: Int) -> Double {
        let actual = confusion[digit].reduce(0, +)
        return actual == 0 ? 0 : Double(confusion[digit][digit]) / Double(actual)
    }

    /// Computes the figures from each image's class probabilities, (count, classes).
    public init(probabilities: [Float], labels: [UInt8], classes: Int, seconds: Double, bins: Int = 15) {
        count = labels.count
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes), count: classes)
        var loss = 0.0
        var binCount = [Int](repeating: 0, count: bins)
        var binConfidence = [Double](repeating: 0, count: bins)
        var binCorrect = [Int](repeating: 0, count: bins)
        for (sample, label) in labels.enumerated() {
            let row = probabilities[sample * classes..<(sample + 1) * classes]
            let predicted = row.indices.max { row[$0] < row[$1] }! - sample * classes
            let confidence = Double(row[sample * classes + predicted])
            confusion[Int(label)][predicted] += 1
            loss -= log(max(Double(row[sample * classes + Int(label)]), 1e-12))
            let bin = min(Int(confidence * Double(bins)), bins - 1)
            binCount[bin] += 1
            binConfidence[bin] += confidence
            if predicted == Int(label) { binCorrect[bin] += 1 }
        }
        self.confusion = confusion
        correct = (0..<classes).reduce(0) { $0 + confusion[$1][$1] }
        meanLoss = count == 0 ? 0 : loss / Double(count)
        // ECE = Σ over bins of (bin size / n) · |accuracy in bin − mean confidence in bin|
        var calibrationError = 0.0
        for bin in 0..<bins where binCount[bin] > 0 {
            calibrationError += abs(Double(binCorrect[bin]) - binConfidence[bin]) / Double(max(count, 1))
        }
        expectedCalibrationError = calibrationError
        self.seconds = seconds
    }
}

extension Network {
    /// The logits for every image of `set`, (count, classes), computed on `threads` threads in batches.
    /// Batches of 32 keep each layer's activations and im2col columns within the core's L2 cache;
    /// batches of 256 stream 18 MB through memory and ran at half the speed. `progress`, when given,
    /// is called from the worker threads with the number of images each batch finished.
    public func logits(for set: MNISTSet, threads: Int = processorCount, batchSize: Int = 32,
                       progress: (@Sendable (Int) -> Void)? = nil) -> [Float] {
        let classes = classCount
        var result = [Float](repeating: 0, count: set.count * classes)
        let ranges = evenRanges(count: set.count, parts: threads)
        result.withUnsafeMutableBufferPointer { output in
            let output = SendablePointer(output.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: ranges.count) { part in
                let workspace = Workspace(network: self, capacity: batchSize, training: false)
                var start = ranges[part].lowerBound
                while start < ranges[part].upperBound {
                    let end = min(start + batchSize, ranges[part].upperBound)
                    let indices = Array(start..<end)
                    indices.withUnsafeBufferPointer { loadImages(set, indices: $0, into: workspace.input) }
                    forward(workspace, batch: end - start)
                    (output.pointer + start * classes).update(from: workspace.logits, count: (end - start) * classes)
                    progress?(end - start)
                    start = end
                }
            }
        }
        return result
    }

    /// Class probabilities for every image of `set`, (count, classes); logits are divided by
    /// `temperature` before the softmax.
    public func probabilities(for set: MNISTSet, temperature: Float = 1, threads: Int = processorCount) -> [Float] {
        var values = logits(for: set, threads: threads)
        softmaxRows(&values, classes: classCount, temperature: temperature)
        return values
    }

    /// Evaluates the network on a labelled set.
    public func evaluate(on set: MNISTSet, temperature: Float = 1, threads: Int = processorCount) -> Evaluation {
        let clock = ContinuousClock()
        var probabilities: [Float] = []
        let elapsed = clock.measure { probabilities = self.probabilities(for: set, temperature: temperature, threads: threads) }
        return Evaluation(probabilities: probabilities, labels: set.labels, classes: classCount, seconds: elapsed.seconds)
    }
}

/// Replaces each row of logits by its softmax.
func softmaxRows(_ values: inout [Float], classes: Int, temperature: Float) {
    var row = [Float](repeating: 0, count: classes)
    values.withUnsafeMutableBufferPointer { values in
        for start in stride(from: 0, to: values.count, by: classes) {
            softmax(values.baseAddress! + start, classes: classes, temperature: temperature, into: &row)
            for j in 0..<classes { values[start + j] = row[j] }
        }
    }
}

/// A pointer handed to worker threads that write disjoint parts of one buffer.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

extension Duration {
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
