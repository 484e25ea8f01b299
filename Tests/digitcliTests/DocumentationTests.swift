import Foundation
import Testing

/// The manual is part of the product: the man page, --help and the completions say the same thing,
/// and the samples give the answers samples/expected.tsv records.
@Suite struct DocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let subcommands = ["predict", "read", "show", "train", "eval", "info"]

    /// The man page as plain text: roff's escaped hyphens made plain.
    func manPage() throws -> String {
        try String(contentsOf: Self.repository.appendingPathComponent("man/digitcli.1"), encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
    }

    /// Options named in a help text's or man page's option list: --long and -s forms.
    func options(in text: String) -> Set<String> {
        let pattern = try! NSRegularExpression(pattern: #"(?<![\w-])(--[a-z][a-z0-9-]*|-[a-zA-Z0-9])(?![\w-])"#)
        let range = NSRange(text.startIndex..., in: text)
        return Set(pattern.matches(in: text, range: range).map { String(text[Range($0.range(at: 1), in: text)!]) })
    }

    func helpOptions(_ arguments: [String]) throws -> Set<String> {
        let help = try DigitCLIRun(arguments + ["--help"]).standardOutput
        return options(in: String(help[help.range(of: "OPTIONS:")!.lowerBound...]))
    }

    @Test func everySubcommandIsInTheHelpAndTheManPage() throws {
        let help = try DigitCLIRun(["--help"]).standardOutput
        let page = try manPage()
        let commands = page[page.range(of: ".SH COMMANDS")!.upperBound..<page.range(of: ".SH OPTIONS")!.lowerBound]
        let documented = Set(commands.components(separatedBy: "\n.TP\n.B ").dropFirst().map { String($0.prefix { $0 != "\n" }) })
        #expect(documented == Set(Self.subcommands))
        for command in Self.subcommands {
            #expect(help.contains("\n  \(command) "), "\(command) in --help")
            #expect(page.contains(".B digitcli \(command)"), "\(command) in the synopsis")
        }
    }

    @Test func everyOptionInTheHelpIsInTheManPageAndTheReverse() throws {
        let page = try manPage()
        let optionsSection = String(page[page.range(of: ".SH OPTIONS")!.upperBound..<page.range(of: ".SH OUTPUT FORMATS")!.lowerBound])
        var all = try helpOptions([])
        for command in Self.subcommands {
            let fromHelp = try helpOptions([command])
            all.formUnion(fromHelp)
            for option in fromHelp {
                #expect(optionsSection.contains(option), "\(command) \(option) is not in the man page's OPTIONS")
            }
        }
        for option in options(in: optionsSection) {
            #expect(all.contains(option), "\(option) is in the man page but in no --help")
        }
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsKnowEverySubcommand(shell: String) throws {
        let run = try DigitCLIRun(["--generate-completion-script", shell])
        #expect(run.status == 0)
        for command in Self.subcommands { #expect(run.standardOutput.contains(command), "\(shell): \(command)") }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/mandoc"), "mandoc not installed: skipped"))
    func manPageIsLintClean() throws {
        let lint = try runTool("/usr/bin/mandoc", ["-T", "lint", Self.repository.appendingPathComponent("man/digitcli.1").path])
        #expect(lint.output.isEmpty && lint.status == 0, "\(lint.output)")
    }

    @Test func samplesGiveTheirExpectedAnswers() throws {
        let samples = Self.repository.appendingPathComponent("samples")
        let expected = try String(contentsOf: samples.appendingPathComponent("expected.tsv"), encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let files = expected.dropFirst().map { $0[0] }
        #expect(files.count >= 18)
        let run = try DigitCLIRun(["predict", "--format", "tsv", "--header"] + files, directory: Self.repository.path)
        let actual = run.standardOutput.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        #expect(actual.count == expected.count)
        #expect(actual.first == expected.first)
        for (got, want) in zip(actual.dropFirst(), expected.dropFirst()) {
            #expect(got[0] == want[0] && got[1] == want[1], "\(want[0]): \(got[1]) instead of \(want[1])")
            if let gotConfidence = Double(got[2]), let wantConfidence = Double(want[2]) {
                #expect(abs(gotConfidence - wantConfidence) <= 0.02, "\(want[0]): confidence \(gotConfidence), expected \(wantConfidence)")
            }
        }
        let uncertain = expected.dropFirst().contains { $0[1] == "unsure" || $0[1] == "none" }
        #expect(run.status == (uncertain ? 3 : 0))
    }
}
