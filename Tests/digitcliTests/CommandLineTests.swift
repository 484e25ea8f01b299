import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

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

    init(_ arguments: [String], standardInput: Data? = nil, directory: String? = nil) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
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

/// Runs another program (mandoc, make, dpkg-deb, ...) and returns its status and its stdout and
/// stderr together.
func runTool(_ executable: String, _ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, output)
}

@Suite struct CommandLineTests {
    @Test func versionComesFromOnePlace() throws {
        let source = try String(contentsOf: DocumentationTests.repository.appendingPathComponent("Sources/digitcli/Version.swift"), encoding: .utf8)
        let release = try #require(source.firstMatch(of: /let releaseVersion = "([0-9.]+)"/)?.1)
        let run = try DigitCLIRun(["--version"])
        #expect(run.status == 0)
        // The tests run a plain `swift build`, which knows no commit; `make build` passes it in.
        #expect(run.standardOutput == "digitcli \(release) (development build)\n")
        #expect(run.standardError.isEmpty)
        let manual = try String(contentsOf: DocumentationTests.repository.appendingPathComponent("man/digitcli.1"), encoding: .utf8)
        #expect(manual.hasPrefix(".TH DIGITCLI 1 ") && manual.split(separator: "\n")[0].contains("\"digitcli \(release)\""))
    }

    @Test func help() throws {
        let run = try DigitCLIRun(["--help"])
        #expect(run.status == 0)
        #expect(run.standardOutput.hasPrefix("OVERVIEW: Read a handwritten digit from a photo, scan or drawing.\n"))
        #expect(run.standardOutput.contains("USAGE: digitcli"))
    }

    @Test func unknownOptionIsAUsageError() throws {
        let run = try DigitCLIRun(["--no-such-option"])
        #expect(run.status == 2)
        #expect(run.standardError.contains("Unknown option '--no-such-option'"))
    }
}

/// A process started with posix_spawn, its signal mask cleared, its stderr sent to a file.
struct SpawnedProcess {
    let identifier: pid_t

    init(_ path: String, _ arguments: [String], standardError: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 2, standardError, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        identifier = pid
    }

    /// Waits for the process and returns its exit status (128 + signal if a signal ended it).
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(identifier, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
