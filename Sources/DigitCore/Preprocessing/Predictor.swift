/// The network's answer for one digit.
public struct Prediction: Sendable, Equatable {
    /// Calibrated class probabilities (the model's temperature applied), one per digit.
    public let probabilities: [Float]

    public var digit: Int { probabilities.indices.max { probabilities[$0] < probabilities[$1] }! }
    public var confidence: Float { probabilities[digit] }

    /// The `count` most probable digits, most probable first.
    public func top(_ count: Int) -> [(digit: Int, probability: Float)] {
        probabilities.enumerated().sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
            .prefix(count).map { ($0.offset, $0.element) }
    }
}

/// From an image file to a digit: decode, prepare MNIST-style, run the model.
public struct Predictor: Sendable {
    public let model: Model
    public var preprocessor = DigitPreprocessor()
    /// Large JPEGs decode at a reduced size (DCT scaling) that still leaves 256 pixels on the shorter
    /// side: plenty for a digit that is to become 20×20.
    public static let defaultDecodeOptions = DecodeOptions(minimumShortSide: 256)
    public var decodeOptions = Predictor.defaultDecodeOptions

    public enum Outcome: Sendable {
        case digit(Prediction, PreparedDigit)
        /// Several digits side by side, so many found (for `digitcli read`).
        case severalDigits(Int)
        /// A blank or nearly blank image.
        case noDigit
    }

    public init(model: Model) {
        self.model = model
    }

    /// Images run through the network together by `predict(files:workspace:)`.
    public static let batchSize = 8

    /// A workspace for one thread's predictions.
    public func makeWorkspace() -> Workspace { model.makeWorkspace(capacity: Self.batchSize) }

    /// Reads and prepares each file, then runs the network once over all the digits found: one
    /// batched pass costs far less than one pass per image.
    public func predict(files paths: [BytePath], workspace: Workspace) -> [Result<Outcome, ImageDecodingError>] {
        precondition(paths.count <= workspace.capacity, "more files than the workspace holds")
        var results: [Result<Outcome, ImageDecodingError>] = []
        var prepared: [(slot: Int, digit: PreparedDigit, beside: [PreparedDigit])] = []
        for path in paths {
            do throws(ImageDecodingError) {
                if case .digit(let digit, let beside) = preprocessor.examine(try ImageDecoder.decode(contentsOf: path, options: decodeOptions)) {
                    prepared.append((results.count, digit, beside))
                }
                results.append(.success(.noDigit))   // replaced below when a digit was found
            } catch {
                results.append(.failure(error))
            }
        }
        // The digits, then what stands beside them.
        let predictions = predict(prepared.map(\.digit) + prepared.flatMap(\.beside), workspace: workspace)
        var besides = predictions[prepared.count...].makeIterator()
        for ((slot, digit, beside), prediction) in zip(prepared, predictions) {
            // Beside the digit, a glyph the network reads as a digit with confidence makes it a number.
            let confirmed = beside.filter { _ in besides.next()!.confidence >= Self.confirmingConfidence }.count
            results[slot] = .success(confirmed > 0 ? .severalDigits(1 + confirmed) : .digit(prediction, digit))
        }
        return results
    }

    /// How sure the network must be that a glyph beside the digit is a digit too, for the image to hold several.
    public static let confirmingConfidence: Float = 0.8

    /// The network's answers for prepared digits, in batched passes of the workspace's capacity.
    public func predict(_ digits: [PreparedDigit], workspace: Workspace) -> [Prediction] {
        guard digits.count <= workspace.capacity else {
            return stride(from: 0, to: digits.count, by: workspace.capacity).flatMap { start in
                predict(Array(digits[start..<min(start + workspace.capacity, digits.count)]), workspace: workspace)
            }
        }
        guard !digits.isEmpty else { return [] }
        let classes = model.classCount
        let inputSize = DigitPreprocessor.side * DigitPreprocessor.side
        for (row, digit) in digits.enumerated() { digit.networkInput(into: workspace.input + row * inputSize) }
        return withUnsafeTemporaryAllocation(of: Float.self, capacity: digits.count * classes) { logits in
            model.forward(workspace, batch: digits.count, logits: logits.baseAddress!)
            return (0..<digits.count).map { row in
                var probabilities = [Float](repeating: 0, count: classes)
                softmax(logits.baseAddress! + row * classes, classes: classes, temperature: model.temperature, into: &probabilities)
                return Prediction(probabilities: probabilities)
            }
        }
    }
}
