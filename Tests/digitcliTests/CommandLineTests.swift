import Foundation
import Testing

/// Runs the built `digitcli` binary, as a user's shell would.
struct DigitCLIRun {
    let status: Int32
    let standardOutput: String
    let standardError: String

    static var executable: URL {
        // The test bundle is built next to the products: .build/<configuration>/digitcli.
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("digitcli").path),
              directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("digitcli")
    }

    init(_ arguments: [String], standardInput: Data? = nil) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        let output = Pipe(), error = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = input
        try process.run()
        if let standardInput { input.fileHandleForWriting.write(standardInput) }
        try input.fileHandleForWriting.close()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        status = process.terminationStatus
        standardOutput = String(decoding: outputData, as: UTF8.self)
        standardError = String(decoding: errorData, as: UTF8.self)
    }
}

@Suite struct CommandLineTests {
    @Test func version() throws {
        let run = try DigitCLIRun(["--version"])
        #expect(run.status == 0)
        #expect(run.standardOutput == "digitcli 0.1.0\n")
        #expect(run.standardError.isEmpty)
    }

    @Test func help() throws {
        let run = try DigitCLIRun(["--help"])
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("OVERVIEW: Read a handwritten digit from a photo, scan or drawing.\n"))
        #expect(run.standardOutput.contains("USAGE: digitcli"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let run = try DigitCLIRun(["--no-such-option"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("Unknown option '--no-such-option'"))
    }
}
