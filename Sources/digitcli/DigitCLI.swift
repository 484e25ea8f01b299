import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

@main
struct DigitCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitcli",
        abstract: "Read a handwritten digit from a photo, scan or drawing.",
        version: versionDescription,
        subcommands: [PredictCommand.self, ReadCommand.self, ShowCommand.self, TrainCommand.self, EvalCommand.self, InfoCommand.self]
    )

    /// Like ArgumentParser's own main, but a usage error exits with status 2, as Unix tools do, and
    /// file names keep their bytes (CommandLineBytes).
    static func main() {
        do {
            var command = try parseAsRoot(CommandLineBytes.arguments())
            try command.run()
        } catch {
            if exitCode(for: error) == .validationFailure {
                writeStandardError(fullMessage(for: error) + "\n")
                Glibc.exit(ExitStatus.usage)
            }
            exit(withError: error)
        }
    }
}

/// The exit statuses every subcommand shares (documented in the man page).
enum ExitStatus {
    static let success: Int32 = 0
    /// A file could not be read or written, or some inputs failed.
    static let failure: Int32 = 1
    /// The command line was wrong.
    static let usage: Int32 = 2
    /// predict and read: some answers were below --min-confidence, or some images held no digit, or several (none failed).
    static let uncertain: Int32 = 3
    /// Interrupted by Ctrl-C (128 + SIGINT).
    static let interrupted: Int32 = 130
}

/// Prints `digitcli: message` on stderr and ends the command with `status`.
func fail(_ message: String, status: Int32 = ExitStatus.failure) -> ExitCode {
    writeStandardError("digitcli: \(message)\n")
    return ExitCode(status)
}
