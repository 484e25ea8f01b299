@testable import DigitCore
import Testing

@Suite struct CalibrationTests {
    /// Logits whose answers are right 75% of the time with margin 4: a temperature of 1 is overconfident.
    func overconfident(count: Int) -> (logits: [Float], labels: [UInt8]) {
        var logits: [Float] = [], labels: [UInt8] = []
        for sample in 0..<count {
            var row = [Float](repeating: 0, count: 10)
            row[sample % 10] = 4
            logits += row
            labels.append(UInt8(sample % 4 == 0 ? (sample + 1) % 10 : sample % 10))
        }
        return (logits, labels)
    }

    @Test func temperatureMakesConfidenceMatchAccuracy() {
        let (logits, labels) = overconfident(count: 400)
        let temperature = Calibration.fitTemperature(logits: logits, labels: labels, classes: 10)
        // With T, the top probability is e^(4/T) / (e^(4/T) + 9), which must come out at 0.75.
        let top = exp(4 / Double(temperature)) / (exp(4 / Double(temperature)) + 9)
        #expect(abs(top - 0.75) < 0.01, "temperature \(temperature): confidence \(top)")
    }

    @Test func imagesThatAreNoDigitAreLeftOutOfTheFit() {
        let (logits, labels) = overconfident(count: 400)
        let alone = Calibration.fitTemperature(logits: logits, labels: labels, classes: 10)
        // Scribbles with a confident logit: fitted towards no class, they would pull the temperature up.
        let scribbles = (0..<200).flatMap { _ in [Float(6)] + [Float](repeating: 0, count: 9) }
        let mixed = Calibration.fitTemperature(logits: logits + scribbles,
                                               labels: labels + [UInt8](repeating: MNISTSet.notADigit, count: 200), classes: 10)
        #expect(mixed == alone)
    }
}

#if canImport(Glibc)
import Glibc
#endif
