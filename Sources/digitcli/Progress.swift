import ArgumentParser
import DigitCore

#if canImport(Glibc)
import Glibc
#endif

/// --progress and --no-progress, shared by the commands that run over many inputs.
struct ProgressOptions: ParsableArguments {
    @Flag(name: .customLong("progress"), help: "Show progress and a closing summary on stderr even when it is not a terminal.")
    var forced = false

    @Flag(name: .customLong("no-progress"), help: "Never show progress (by default it is shown when stderr is a terminal).")
    var off = false

    func validate() throws {
        if forced && off { throw ValidationError("give --progress or --no-progress, not both") }
    }

    /// Shown when asked for, or by default when stderr is a terminal: never in a pipeline or a file.
    var enabled: Bool { !off && (forced || isatty(STDERR_FILENO) == 1) }
}

/// A progress line on stderr, redrawn in place (`\r`, erase to the end of the line) at most five
/// times a second: files done and, when the total is known, the total, the rate and the time left.
/// Anything else written to the terminal first clears it (`clear()`), and the next update draws it
/// again, so an error line is never broken by it. Does nothing when not enabled.
struct ProgressLine {
    let enabled: Bool
    var total: Int?
    /// What is counted: "files" for predict, "images" for eval.
    var unit = "files"
    private(set) var done = 0
    private let start = ContinuousClock.now
    private var lastDraw: ContinuousClock.Instant?
    private var visible = false

    init(enabled: Bool, total: Int? = nil) {
        self.enabled = enabled
        self.total = total
    }

    var elapsed: Double { (ContinuousClock.now - start).seconds }

    mutating func advance(by count: Int = 1) {
        done += count
        guard enabled else { return }
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < .milliseconds(200) { return }
        lastDraw = now
        draw()
    }

    /// Takes the line away (before other output, and at the end).
    mutating func clear() {
        guard visible else { return }
        writeStandardError("\r\u{1B}[K")
        visible = false
    }

    private mutating func draw() {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var text = "digitcli: \(grouped(done))"
        if let total, total > 0 {
            text += " / \(grouped(total)) \(unit) (\(100 * done / total)%), \(grouped(Int(rate)))/s"
            if rate > 0 && done < total { text += ", \(clock(Double(total - done) / rate)) left" }
        } else {
            text += " \(unit), \(grouped(Int(rate)))/s"
        }
        // One line that never wraps: a wrapped line could not be redrawn in place.
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 1, text.count >= Int(size.ws_col) {
            text = String(text.prefix(Int(size.ws_col) - 1))
        }
        writeStandardError("\r" + text + "\u{1B}[K")
        visible = true
    }
}

/// A progress line that worker threads advance, one at a time.
final class SharedProgress: @unchecked Sendable {
    private var line: ProgressLine
    private var mutex = pthread_mutex_t()

    init(_ line: ProgressLine, unit: String) {
        self.line = line
        self.line.unit = unit
        pthread_mutex_init(&mutex, nil)
    }

    func advance(by count: Int) {
        pthread_mutex_lock(&mutex)
        line.advance(by: count)
        pthread_mutex_unlock(&mutex)
    }

    func clear() {
        pthread_mutex_lock(&mutex)
        line.clear()
        pthread_mutex_unlock(&mutex)
    }
}

/// 1234567 → "1,234,567".
func grouped(_ value: Int) -> String {
    let digits = String(value.magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
        result.append(digit)
    }
    return (value < 0 ? "-" : "") + result
}

/// 75.4 → "1:15"; 3725.0 → "1:02:05" (whole seconds, as progress lines show time left).
func clock(_ seconds: Double) -> String {
    let whole = Int(max(seconds, 0))
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return whole >= 3600 ? "\(whole / 3600):\(two(whole / 60 % 60)):\(two(whole % 60))" : "\(whole / 60):\(two(whole % 60))"
}
