import CFixtureEncoders
import DigitCore
import DigitDrawing
import Foundation
import Testing

/// End-to-end runs of `digitcli predict` and `show` with the built-in seed model, on digits drawn here.
@Suite struct PredictCommandTests {
    /// Removed, with what the test wrote, when the test ends.
    let folder: TemporaryFolder
    var directory: String { folder.root }

    init() throws {
        folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: directory + "/more", withIntermediateDirectories: true)
    }

    /// Writes a clearly drawn digit as a PNG file and returns its path.
    @discardableResult
    func drawnDigit(_ digit: Int, _ name: String, ink: UInt8 = 20, paper: UInt8 = 240) throws -> String {
        var canvas = Canvas(width: 90, height: 90, paper: paper)
        canvas.draw(digit, x: 25, y: 12, width: 42, height: 66, penWidth: 7, ink: ink)
        let path = directory + "/" + name
        try PNGEncoder.write(canvas.image, to: path)
        return path
    }

    @Test func oneFileOneLine() throws {
        let seven = try drawnDigit(7, "seven.png")
        let run = try DigitCLIRun(["predict", "--model", "seed", seven])
        #expect(run.status == 0, "\(run.standardError)")
        let line = try #require(run.standardOutput.split(separator: "\n").first.map(String.init))
        #expect(run.standardOutput == line + "\n")
        #expect(line.hasPrefix("\(seven): 7 ("))
        #expect(line.range(of: #"^.*: 7 \(\d+\.\d%\)$"#, options: .regularExpression) != nil, "\(line)")
        #expect(run.standardError.isEmpty)
    }

    @Test func manyFilesInInputOrderWithTopK() throws {
        let paths = try [3, 0, 4, 1].enumerated().map { try drawnDigit($0.element, "d\($0.offset).png") }
        let run = try DigitCLIRun(["predict", "-m", "seed", "--top", "3", "--jobs", "2"] + paths)
        #expect(run.status == 0)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        for (line, (path, digit)) in zip(lines, zip(paths, [3, 0, 4, 1])) {
            #expect(line.hasPrefix("\(path): \(digit) ("), "\(line)")
            #expect(line.components(separatedBy: "%), ").count == 3, "three digits: \(line)")
        }
    }

    @Test func foldersRecursivelyInSortedOrderSkippingOtherFiles() throws {
        try drawnDigit(2, "b.png")
        try drawnDigit(8, "more/c.png")
        try drawnDigit(1, "a.png")
        try Data("shopping list".utf8).write(to: URL(fileURLWithPath: directory + "/notes.txt"))
        let run = try DigitCLIRun(["predict", "-m", "seed", "-r", "--format", "tsv", directory])
        #expect(run.status == 0, "\(run.standardError)")
        let rows = run.standardOutput.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.map { $0[0] } == ["a.png", "b.png", "more/c.png"].map { directory + "/" + $0 })
        #expect(rows.map { $0[1] } == ["1", "2", "8"])
        #expect(rows.allSatisfy { $0.count == 3 && Double($0[2])! > 0.5 && Double($0[2])! <= 1 })
        #expect(run.standardError == "digitcli: note: skipped \(directory)/notes.txt: unsupported format (text, not an image)\n")

        let withoutRecursion = try DigitCLIRun(["predict", "-m", "seed", directory])
        #expect(withoutRecursion.status == 1)
        #expect(withoutRecursion.standardError == "digitcli: \(directory): is a directory (use -r to read the images in it)\n")
    }

    @Test func pathsFromStandardInput() throws {
        let paths = try [(5, "five.png"), (0, "zero.png")].map { try drawnDigit($0.0, $0.1) }
        let lines = try DigitCLIRun(["predict", "-m", "seed", "-"], standardInput: Data((paths.joined(separator: "\r\n") + "\r\n").utf8))
        #expect(lines.standardOutput.split(separator: "\n").map { String($0.prefix { $0 != ":" }) } == paths)
        let nul = try DigitCLIRun(["predict", "-m", "seed", "-0", "-", "--format", "tsv"], standardInput: Data((paths.joined(separator: "\0") + "\0").utf8))
        #expect(nul.status == 0)
        #expect(nul.standardOutput.split(separator: "\n").map { $0.split(separator: "\t")[1] } == ["5", "0"])
    }

    @Test func jsonLinesParseBack() throws {
        let path = try drawnDigit(4, "four.png")
        let run = try DigitCLIRun(["predict", "-m", "seed", "--format", "jsonl", "--probabilities", "--top", "2", path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(object["path"] as? String == path)
        #expect(object["status"] as? String == "digit")
        #expect(object["digit"] as? Int == 4)
        let probabilities = try #require(object["probabilities"] as? [Double])
        #expect(probabilities.count == 10 && abs(probabilities.reduce(0, +) - 1) < 1e-3)
        #expect(abs(probabilities[4] - (object["confidence"] as? Double ?? 0)) < 1e-6)
        let top = try #require(object["top"] as? [[String: Any]])
        #expect(top.count == 2 && top[0]["digit"] as? Int == 4)
    }

    @Test func tsvHeaderAndUnsureAnswers() throws {
        let path = try drawnDigit(6, "six.png")
        let run = try DigitCLIRun(["predict", "-m", "seed", "-f", "tsv", "--header", "--top", "2", "--min-confidence", "1", path])
        #expect(run.status == 3)
        let lines = run.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines[0] == "path\tdigit\tconfidence\tdigit_2\tconfidence_2")
        #expect(lines[1].split(separator: "\t").count == 5)
        #expect(lines[1].split(separator: "\t")[1] == "unsure")
        let text = try DigitCLIRun(["predict", "-m", "seed", "--min-confidence", "1", path])
        #expect(text.standardOutput.hasPrefix("\(path): unsure (6? "))
    }

    @Test func aCorruptFileInTheMiddleOfABatch() throws {
        let first = try drawnDigit(1, "first.png"), last = try drawnDigit(7, "last.png")
        let broken = directory + "/broken.jpg"
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8)).write(to: URL(fileURLWithPath: broken))
        let gif = directory + "/anim.png"
        try Data(Array("GIF89a".utf8) + [1, 0, 1, 0]).write(to: URL(fileURLWithPath: gif))
        let run = try DigitCLIRun(["predict", "-m", "seed", first, broken, gif, directory + "/missing.png", last])
        #expect(run.status == 1)
        #expect(run.standardOutput.split(separator: "\n").map { String($0.prefix { $0 != ":" }) } == [first, last])
        let errors = run.standardError.split(separator: "\n").map(String.init)
        #expect(errors.count == 3)
        #expect(errors[0].hasPrefix("digitcli: \(broken): corrupt JPEG: "))
        #expect(errors[1] == "digitcli: \(gif): unsupported format (GIF)")
        #expect(errors[2] == "digitcli: \(directory)/missing.png: cannot read file: No such file or directory")
    }

    @Test func pixelLimitIsAnOption() throws {
        let path = try drawnDigit(9, "nine.png")
        let run = try DigitCLIRun(["predict", "-m", "seed", "--max-pixels", "1000", path])
        #expect(run.status == 1)
        #expect(run.standardError == "digitcli: \(path): image too large: 90x90 pixels is above the limit of 1000\n")
    }

    @Test func blankPageIsNoDigit() throws {
        let blank = directory + "/blank.png"
        try PNGEncoder.write(GrayImage(width: 60, height: 40, filledWith: 250), to: blank)
        let run = try DigitCLIRun(["predict", "-m", "seed", blank])
        #expect(run.status == 3)
        #expect(run.standardOutput == "\(blank): no digit found\n")
        let json = try DigitCLIRun(["predict", "-m", "seed", "-f", "jsonl", blank])
        #expect(json.standardOutput == #"{"path":"\#(blank)","status":"no_digit","digit":null,"confidence":null}"# + "\n")
    }

    @Test func outputIntoHeadEndsQuietly() throws {
        let paths = try (0..<40).map { try drawnDigit($0 % 10, "h\($0).png") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\"$0\" predict -m seed \"$@\" | head -1", DigitCLIRun.executable.path] + paths
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(printed.split(separator: "\n").count == 1 && printed.hasPrefix(paths[0] + ": 0 ("))
        #expect(complaints.isEmpty)
    }

    @Test func usageErrors() throws {
        #expect(try DigitCLIRun(["predict"]).status == 2)
        #expect(try DigitCLIRun(["predict", "--top", "11", "x.png"]).status == 2)
        #expect(try DigitCLIRun(["predict", "--format", "xml", "x.png"]).status == 2)
        let missingModel = try DigitCLIRun(["predict", "-m", directory + "/none.dcnn", "x.png"])
        #expect(missingModel.status == 1)
        #expect(missingModel.standardError == "digitcli: \(directory)/none.dcnn: cannot read model: \(directory)/none.dcnn: No such file or directory\n")
    }

    @Test func showDrawsWhatTheNetworkSees() throws {
        let path = try drawnDigit(3, "three.png")
        let png = directory + "/seen.png"
        let run = try DigitCLIRun(["show", "-m", "seed", path, "--png", png])
        #expect(run.status == 0, "\(run.standardError)")
        let lines = run.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 28 + 2 + 2 + 1)
        #expect(lines[0] == "+" + String(repeating: "-", count: 56) + "+")
        #expect(lines[1...28].allSatisfy { $0.count == 58 && $0.hasPrefix("|") && $0.hasSuffix("|") })
        #expect(lines[14].contains("█"))
        #expect(lines[30].hasPrefix("\(path): 3 ("))
        #expect(lines[31].hasPrefix("top 3: 3 "))
        let written = try ImageDecoder.decode(contentsOf: png)
        #expect(written.width == 280 && written.height == 280)
    }

    @Test func showWritesEveryStage() throws {
        let path = try drawnDigit(5, "five.png")
        let steps = directory + "/stages/of/five"
        let run = try DigitCLIRun(["show", "-m", "seed", path, "--steps", steps, "--scale", "4"])
        #expect(run.status == 0, "\(run.standardError)")
        let names = try FileManager.default.contentsOfDirectory(atPath: steps).sorted()
        #expect(names == ["1-gray.png", "2-ink-high.png", "3-paper.png", "4-flattened.png", "5-ink-mask.png", "6-digit.png",
                          "7-stroke-width.png", "8-fitted.png"])
        let gray = try ImageDecoder.decode(contentsOf: steps + "/1-gray.png")
        let original = try ImageDecoder.decode(contentsOf: path)
        #expect(gray == original, "the first stage is the decoded image (already under the working size)")
        let fitted = try ImageDecoder.decode(contentsOf: steps + "/8-fitted.png")
        #expect(fitted.width == 112 && fitted.height == 112)

        let blocked = try DigitCLIRun(["show", path, "--steps", path + "/inside"])
        #expect(blocked.status == 1)
        #expect(blocked.standardError == "digitcli: \(path)/inside: cannot create folder: Not a directory\n")
    }
}
