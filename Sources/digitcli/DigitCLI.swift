import ArgumentParser

@main
struct DigitCLI: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digitcli",
        abstract: "Read a handwritten digit from a photo, scan or drawing.",
        version: "digitcli 0.1.0",
        subcommands: []
    )
}
