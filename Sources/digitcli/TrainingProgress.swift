import DigitCore

#if canImport(Glibc)
import Glibc
#endif

/// Training progress on stderr: a live bar with rate, loss, accuracy and ETA on a terminal; the
/// NumPy tutorial's step lines otherwise ("[Step 100] Past 100 steps: Average Loss 2.302 | Accuracy: 11%").
final class TrainingProgress {
    let epochs: Int
    let isTerminal: Bool
    private var lastStep = 0
    private var lastDraw = ContinuousClock.now
    private var epochStart = ContinuousClock.now

    init(epochs: Int, isTerminal: Bool) {
        self.epochs = epochs
        self.isTerminal = isTerminal
    }

    /// Steps between reports: often enough for a smooth bar, every 100 as the tutorial prints.
    var reportInterval: Int { isTerminal ? 5 : 100 }

    func show(_ event: TrainingEvent) {
        switch event {
        case .steps(let epoch, let step, let stepsPerEpoch, let loss, let accuracy, let imagesPerSecond):
            if step <= reportInterval || lastStep >= step {
                lastStep = 0
                epochStart = .now
                if !isTerminal { writeStandardError("--- Epoch \(epoch) ---\n") }
            }
            if isTerminal {
                drawBar(epoch: epoch, step: step, of: stepsPerEpoch, loss: loss, accuracy: accuracy, rate: imagesPerSecond)
            } else {
                writeStandardError("[Step \(step)] Past \(step - lastStep) steps: Average Loss \(fixed(loss, decimals: 3)) | "
                      + "Accuracy: \(Int((accuracy * 100).rounded()))%\n")
            }
            lastStep = step
        case .epochFinished(let summary):
            finishLine()
            var line = "Epoch \(summary.epoch)/\(epochs): training loss \(fixed(summary.trainingLoss, decimals: 4)), "
                + "accuracy \(fixed(100 * summary.trainingAccuracy, decimals: 2))%"
            for (name, evaluation) in summary.evaluations {
                line += " | \(name) accuracy \(fixed(100 * evaluation.accuracy, decimals: 2))%, loss \(fixed(evaluation.meanLoss, decimals: 4))"
            }
            writeStandardError(line + " | \(fixed(summary.seconds, decimals: 1)) s\n")
        }
    }

    private func drawBar(epoch: Int, step: Int, of total: Int, loss: Double, accuracy: Double, rate: Double) {
        let now = ContinuousClock.now
        guard now - lastDraw > .milliseconds(100) || step == total else { return }
        lastDraw = now
        let width = 24, done = step * width / max(total, 1)
        let bar = String(repeating: "#", count: done) + String(repeating: ".", count: width - done)
        let elapsed = (now - epochStart).seconds
        let remaining = step > 0 ? elapsed * Double(total - step) / Double(step) : 0
        let eta = clock(remaining)
        writeStandardError("\r\u{1B}[Kepoch \(epoch)/\(epochs) [\(bar)] \(100 * step / max(total, 1))%  \(Int(rate)) img/s  "
              + "loss \(fixed(loss, decimals: 3))  acc \(fixed(100 * accuracy, decimals: 1))%  ETA \(eta)")
    }

    /// Ends the bar's line, so that what follows starts on a fresh one.
    func finishLine() {
        if isTerminal { writeStandardError("\r\u{1B}[K") }
    }
}
