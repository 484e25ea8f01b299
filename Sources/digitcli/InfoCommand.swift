import ArgumentParser
import DigitCore

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "List the built-in models (or describe a model file): architecture, parameters, how it was trained, accuracy."
    )

    @Argument(help: ArgumentHelp("Model files to describe instead of the built-in models.", valueName: "path"))
    var files: [String] = []

    func run() throws {
        var first = true
        for name in files.isEmpty ? BuiltInModels.names : files {
            let model = try ModelOptions.parse(["--model", name]).load()
            if !first { print() }
            first = false
            print(Self.describe(model, name: files.isEmpty ? "\(name) (built in)" : name))
        }
    }

    static func describe(_ model: Model, name: String) -> String {
        func line(_ label: String, _ value: String) -> String {
            label + ":" + String(repeating: " ", count: max(1, 15 - label.count)) + value
        }
        var lines = [line("model", name), line("architecture", model.architecture.description),
                     line("members", "\(model.networks.count)"),
                     line("parameters", "\(model.parameterCount)"), line("temperature", "\(model.temperature)")]
        let labels = [("test_accuracy", "test accuracy"), ("test_ece", "test ECE"), ("command", "trained with"),
                      ("training_images", "images"), ("training_seconds", "seconds"), ("created", "created")]
        for (key, label) in labels {
            guard let value = model.metadata[key] else { continue }
            let shown = key == "test_accuracy" || key == "test_ece" ? (Double(value).map { fixed($0 * 100, decimals: 2) + "%" } ?? value) : value
            lines.append(line(label, shown))
        }
        return lines.joined(separator: "\n")
    }
}
