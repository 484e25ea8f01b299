import DigitCore
import DigitDrawing
import Foundation
import Testing

/// Progress on a terminal and nowhere else (issue 14): the built binary under a pseudo-terminal made
/// by util-linux's `script`, with stdout sent to a file, so that what the terminal shows is stderr.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script not installed: skipped"))
struct ProgressTests {
    let directory: TemporaryFolder

    init() throws {
        directory = try TemporaryFolder()
        for (digit, name) in [(3, "a.png"), (5, "b.png"), (7, "c.png")] {
            var canvas = Canvas(width: 90, height: 90, paper: 240)
            canvas.draw(digit, x: 25, y: 12, width: 42, height: 66, penWidth: 7, ink: 20)
            try PNGEncoder.write(canvas.image, to: directory.root + "/" + name)
        }
    }

    /// What a terminal shows of `digitcli ARGUMENTS > out.txt` (a pty turns "\n" into "\r\n").
    func onATerminal(_ arguments: String, standardInput: String? = nil) throws -> (terminal: String, output: String) {
        let command = "cd '\(directory.root)' && '\(DigitCLIRun.executable.path)' \(arguments) > out.txt" + (standardInput.map { " < \($0)" } ?? "")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let terminal = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (terminal, try String(contentsOfFile: directory.root + "/out.txt", encoding: .utf8))
    }

    /// The text a terminal ends up showing on each line: what follows the last carriage return.
    func shownLines(_ terminal: String) -> [String] {
        terminal.components(separatedBy: "\r\n").map {
            String($0.split(separator: "\r", omittingEmptySubsequences: false).last!).replacing("\u{1B}[K", with: "")
        }.filter { !$0.isEmpty }
    }

    @Test func aTerminalShowsProgressThenOneSummaryLine() throws {
        let (terminal, output) = try onATerminal("predict -m seed a.png b.png c.png")
        #expect(output.split(separator: "\n").count == 3)
        #expect(terminal.contains("\rdigitcli: ") && terminal.contains(" / 3 files ("), "progress with its total: \(terminal.debugDescription)")
        let lines = shownLines(terminal)
        #expect(lines.count == 1, "the progress line is cleared, the summary stays: \(lines)")
        let summary = try #require(lines.last)
        #expect(summary.hasPrefix("digitcli: 3 files in "), "\(summary)")
        #expect(summary.contains("3: 1, 4: 0, 5: 1, 6: 0, 7: 1, 8: 0, 9: 0; 0 unsure, 0 no digit, 0 failed"), "\(summary)")
    }

    @Test func anErrorInTheMiddleStandsWholeOnItsOwnLine() throws {
        let (terminal, output) = try onATerminal("predict -m seed --jobs 1 a.png missing.png b.png c.png")
        #expect(output.split(separator: "\n").count == 3)
        let lines = shownLines(terminal)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first == "digitcli: missing.png: cannot read file: No such file or directory", "\(terminal.debugDescription)")
        #expect(lines.last?.contains("; 0 unsure, 0 no digit, 1 failed") == true, "\(lines)")
    }

    @Test func aListOnStdinFromAFileHasItsTotal() throws {
        try "a.png\nb.png\n".write(toFile: directory.root + "/list.txt", atomically: true, encoding: .utf8)
        let (terminal, output) = try onATerminal("predict -m seed -", standardInput: "list.txt")
        #expect(output.split(separator: "\n").count == 2)
        #expect(terminal.contains(" / 2 files ("), "\(terminal.debugDescription)")
    }

    @Test func noProgressTurnsItOffOnATerminal() throws {
        let (terminal, _) = try onATerminal("predict -m seed --no-progress a.png missing.png")
        #expect(shownLines(terminal) == ["digitcli: missing.png: cannot read file: No such file or directory"])
        #expect(!terminal.contains("files"))
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: Self.mnistFolder + "/t10k-images-idx3-ubyte.gz"), "MNIST not found: skipped"))
    func evalShowsTheImagesEvaluated() throws {
        let (terminal, output) = try onATerminal("eval --data '\(Self.mnistFolder)' -m seed")
        #expect(output.hasPrefix("model:        seed"))
        #expect(terminal.contains(" / 10,000 images ("), "\(terminal.debugDescription)")
        #expect(shownLines(terminal).isEmpty, "cleared at the end: \(terminal.debugDescription)")
    }

    static let mnistFolder = ProcessInfo.processInfo.environment["DIGITCLI_MNIST"]
        ?? DocumentationTests.repository.deletingLastPathComponent().appendingPathComponent("shared/mnist").path

    @Test func outsideATerminalOnlyErrorLinesUnlessAskedFor() throws {
        let quiet = try DigitCLIRun(["predict", "-m", "seed", "a.png", "missing.png", "b.png"], directory: directory.root)
        #expect(quiet.status == 1)
        #expect(quiet.standardError == "digitcli: missing.png: cannot read file: No such file or directory\n")
        let forced = try DigitCLIRun(["predict", "-m", "seed", "--progress", "a.png", "b.png"], directory: directory.root)
        #expect(forced.status == 0)
        #expect(forced.standardError.hasSuffix("; 0 unsure, 0 no digit, 0 failed\n"), "\(forced.standardError)")
        let both = try DigitCLIRun(["predict", "--progress", "--no-progress", "a.png"], directory: directory.root)
        #expect(both.status == 2)
    }
}
