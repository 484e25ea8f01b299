import ArgumentParser
import DigitCore

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Draw the 28×28 image the network sees, with its prediction and top 3.",
        discussion: "This is how to learn why a photo was read wrong."
    )

    @Argument(help: ArgumentHelp("The image file.", valueName: "file"))
    var file: String

    @OptionGroup var model: ModelOptions

    @OptionGroup var image: ImageOptions

    @Option(name: .long, help: ArgumentHelp("Also write the 28×28 image, enlarged, as a PNG file.", valueName: "path"))
    var png: String?

    @Option(name: .long, help: ArgumentHelp("Enlargement for --png.", valueName: "n"))
    var scale = 10

    func validate() throws {
        guard (1...64).contains(scale) else { throw ValidationError("--scale must be from 1 to 64") }
    }

    func run() throws {
        let predictor = image.predictor(for: try model.load())
        let outcome: Predictor.Outcome
        switch predictor.predict(files: [file], workspace: predictor.makeWorkspace())[0] {
        case .success(let answer): outcome = answer
        case .failure(let error): throw fail("\(file): \(error)")
        }
        guard case .digit(let prediction, let prepared) = outcome else {
            print("\(file): no digit found")
            throw ExitCode(ExitStatus.uncertain)
        }
        print(Self.drawing(prepared.image), terminator: "")
        print("\(file): \(prediction.digit) (\(fixed(Double(prediction.confidence) * 100, decimals: 1))%)")
        print("top 3: " + prediction.top(3).map { "\($0.digit) \(fixed(Double($0.probability) * 100, decimals: 1))%" }.joined(separator: ", "))
        if let png {
            do {
                try PNGEncoder.write(Self.enlarged(prepared.image, by: scale), to: png)
            } catch {
                throw fail("\(error)")
            }
        }
    }

    /// Two characters per pixel (terminal cells are about twice as tall as wide), five grey levels.
    static func drawing(_ image: GrayImage) -> String {
        let shades: [Character] = [" ", "░", "▒", "▓", "█"]
        var text = "+" + String(repeating: "-", count: 2 * image.width) + "+\n"
        for y in 0..<image.height {
            text += "|"
            for x in 0..<image.width {
                let shade = shades[min(4, (Int(image[x, y]) * 5) / 256)]
                text.append(shade)
                text.append(shade)
            }
            text += "|\n"
        }
        return text + "+" + String(repeating: "-", count: 2 * image.width) + "+\n"
    }

    static func enlarged(_ image: GrayImage, by factor: Int) -> GrayImage {
        var result = GrayImage(width: image.width * factor, height: image.height * factor, filledWith: 0)
        for y in 0..<result.height {
            for x in 0..<result.width { result[x, y] = image[x / factor, y / factor] }
        }
        return result
    }
}
