import DigitCore
import DigitDrawing
import Foundation
import Testing

/// End-to-end runs of `digitcli read` (and predict on numbers) on numbers drawn here: every output
/// format, exit statuses, errors in a batch, and the samples' recorded answers.
@Suite struct ReadCommandTests {
    /// Removed, with what the test wrote, when the test ends.
    let folder: TemporaryFolder
    var directory: String { folder.root }

    init() throws {
        folder = try TemporaryFolder()
    }

    /// Writes `digits` drawn left to right (90 px tall, 40 px apart) as a PNG file and returns its path.
    @discardableResult
    func drawnNumber(_ digits: [Int], _ name: String) throws -> String {
        var canvas = Canvas(width: 60 + digits.count * 100, height: 160, paper: 235)
        for (index, digit) in digits.enumerated() {
            canvas.draw(digit, x: 40 + Double(index) * 100, y: 35, width: 58, height: 90, penWidth: 8, ink: 25)
        }
        let path = directory + "/" + name
        try PNGEncoder.write(canvas.image, to: path)
        return path
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func textGivesTheNumberAndItsConfidence() throws {
        let path = try drawnNumber([4, 0, 9, 6, 1], "meter.png")
        let run = try DigitCLIRun(["read", path])
        #expect(run.status == 0, "\(run.standardError)")
        let line = try #require(lines(run.standardOutput).first)
        #expect(line.hasPrefix("\(path): 40961 ("), "\(line)")
        #expect(line.hasSuffix("%)"))
    }

    @Test func tsvHasTheDigitsConfidencesAfterTheNumber() throws {
        let path = try drawnNumber([0, 7], "code.png")
        let run = try DigitCLIRun(["read", "--format", "tsv", "--header", path])
        let rows = lines(run.standardOutput).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["path", "number", "confidence", "digit_confidences"])
        let row = try #require(rows.dropFirst().first)
        #expect(row[0] == path && row[1] == "07", "leading zero kept: \(row)")
        let confidence = try #require(Double(row[2]))
        let digits = row[3].split(separator: ",").compactMap { Double($0) }
        #expect(digits.count == 2)
        #expect(abs(digits.reduce(1, *) - confidence) < 0.001, "the product of the digits'")
    }

    @Test func jsonLinesGiveEachDigitWithItsBox() throws {
        let path = try drawnNumber([3, 8], "pair.png")
        let run = try DigitCLIRun(["read", "--format", "jsonl", "--top", "2", path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "number")
        #expect(object["number"] as? String == "38")
        let digits = try #require(object["digits"] as? [[String: Any]])
        #expect(digits.map { $0["digit"] as? Int } == [3, 8])
        let boxes = digits.compactMap { $0["box"] as? [Int] }
        #expect(boxes.count == 2)
        // The 3 was drawn at x 40…98, the 8 at 140…198, both y 35…125.
        #expect(abs(boxes[0][0] - 50) < 20 && abs(boxes[1][0] - 150) < 20 && abs(boxes[0][1] - 35) < 15, "\(boxes)")
        #expect(digits.allSatisfy { ($0["top"] as? [[String: Any]])?.count == 2 })
        #expect((object["lines"] as? [[String: Any]])?.count == 1)
    }

    @Test func aBlankPageIsNoNumberAndExitsThree() throws {
        var canvas = Canvas(width: 300, height: 200, paper: 228)
        canvas.unevenLight(darkest: 0.6)
        let path = directory + "/blank.png"
        try PNGEncoder.write(canvas.image, to: path)
        let run = try DigitCLIRun(["read", "--format", "jsonl", path])
        #expect(run.status == 3)
        #expect(run.standardOutput.contains(#""status":"no_number""#), "\(run.standardOutput)")
        let text = try DigitCLIRun(["read", path])
        #expect(text.standardOutput == "\(path): no number found\n")
    }

    @Test func anUnsureDigitMakesTheNumberUnsure() throws {
        // A letter between two digits: no digit, read as one with little confidence.
        var canvas = Canvas(width: 360, height: 160, paper: 235)
        canvas.draw(5, x: 40, y: 35, width: 58, height: 90, penWidth: 8, ink: 25)
        canvas.drawPolyline([(140, 125), (170, 35), (200, 125)], penWidth: 8, ink: 25)
        canvas.drawPolyline([(152, 90), (188, 90)], penWidth: 8, ink: 25)
        canvas.draw(2, x: 240, y: 35, width: 58, height: 90, penWidth: 8, ink: 25)
        let path = directory + "/five-A-two.png"
        try PNGEncoder.write(canvas.image, to: path)
        let run = try DigitCLIRun(["read", path])
        #expect(run.status == 3)
        let line = try #require(lines(run.standardOutput).first)
        #expect(line.hasPrefix("\(path): unsure (5") && line.contains("2? "), "\(line)")
    }

    @Test func aBadFileFailsAloneInABatch() throws {
        let good = try drawnNumber([1, 2], "good.png")
        let bad = directory + "/bad.png"
        try Data("not an image".utf8).write(to: URL(fileURLWithPath: bad))
        let run = try DigitCLIRun(["read", bad, good])
        #expect(run.status == 1)
        #expect(lines(run.standardError) == ["digitcli: \(bad): unsupported format (text, not an image)"], "\(run.standardError)")
        #expect(lines(run.standardOutput).count == 1 && run.standardOutput.hasPrefix("\(good): 12 ("))
    }

    @Test func predictSaysSeveralDigitsInEveryFormat() throws {
        let path = try drawnNumber([4, 0, 9, 6], "four.png")
        let text = try DigitCLIRun(["predict", path])
        #expect(text.status == 3)
        #expect(text.standardOutput == "\(path): several digits (4 found; use 'digitcli read')\n")
        let tsv = try DigitCLIRun(["predict", "--format", "tsv", path])
        #expect(tsv.standardOutput == "\(path)\tseveral\t\n")
        let jsonl = try DigitCLIRun(["predict", "--format", "jsonl", path])
        #expect(jsonl.standardOutput.contains(#""status":"several","digit":null,"confidence":null,"digits_found":4"#), "\(jsonl.standardOutput)")
    }

    @Test func samplesGiveTheirRecordedNumbers() throws {
        let repository = DocumentationTests.repository
        let expected = try String(contentsOf: repository.appendingPathComponent("samples/expected-read.tsv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(expected.dropFirst().filter { $0[1].contains(where: \.isNumber) && $0[1].count > 1 }.count >= 5, "numbers among the samples")
        let run = try DigitCLIRun(["read", "--format", "tsv", "--header"] + expected.dropFirst().map { $0[0] }, directory: repository.path)
        let actual = lines(run.standardOutput).map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(actual.count == expected.count)
        for (got, want) in zip(actual, expected) {
            #expect(got[0] == want[0] && got[1] == want[1], "\(want[0]): \(got[1]) instead of \(want[1])")
        }
    }
}
