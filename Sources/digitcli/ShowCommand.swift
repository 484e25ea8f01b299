import ArgumentParser
import DigitCore

#if canImport(Glibc)
import Glibc
#endif

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

    @Option(name: .long, help: ArgumentHelp("Enlargement for --png and the last of --steps.", valueName: "n"))
    var scale = 10

    @Option(name: .long, help: ArgumentHelp(
        "Also write the image after every stage of the preparation into this folder (1-gray.png ... 8-fitted.png), created if missing.",
        valueName: "dir"))
    var steps: String?

    func validate() throws {
        guard (1...64).contains(scale) else { throw ValidationError("--scale must be from 1 to 64") }
    }

    func run() throws {
        let predictor = image.predictor(for: try model.load())
        let path = BytePath(argument: file)
        let decoded: GrayImage
        do {
            decoded = try ImageDecoder.decode(contentsOf: path, options: predictor.decodeOptions)
        } catch {
            throw fail("\(path.escaped): \(error)")
        }
        var stages: [(PreprocessingStep, GrayImage)] = []
        let prepared = predictor.preprocessor.prepare(decoded, steps: steps == nil ? nil : { stages.append(($0, $1)) })
        if let steps { try write(stages, into: steps) }
        guard let prepared else {
            print("\(path.escaped): no digit found")
            throw ExitCode(ExitStatus.uncertain)
        }
        let prediction = predictor.predict([prepared], workspace: predictor.makeWorkspace())[0]
        print(Self.drawing(prepared.image), terminator: "")
        print("\(path.escaped): \(prediction.digit) (\(fixed(Double(prediction.confidence) * 100, decimals: 1))%)")
        print("top 3: " + prediction.top(3).map { "\($0.digit) \(fixed(Double($0.probability) * 100, decimals: 1))%" }.joined(separator: ", "))
        if let png {
            do {
                try PNGEncoder.write(Self.enlarged(prepared.image, by: scale), to: png)
            } catch {
                throw fail("\(error)")
            }
        }
    }

    /// Each stage's image as DIR/N-name.png, the 28×28 one enlarged by --scale.
    func write(_ stages: [(PreprocessingStep, GrayImage)], into directory: String) throws {
        // Created with its parents, as mkdir -p does.
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for part in directory.split(separator: "/") {
            prefix += part + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw fail("\(directory): cannot create folder: \(String(cString: strerror(errno)))")
            }
        }
        for (step, stageImage) in stages {
            do {
                try PNGEncoder.write(step == .fitted ? Self.enlarged(stageImage, by: scale) : stageImage, to: "\(directory)/\(step.fileName)")
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
