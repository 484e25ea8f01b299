import DigitCore
import FuzzDriver

/// Any bytes as a model file. The last four bytes are first replaced by the right CRC-32, so that the
/// fuzzer gets past the checksum into the header, architecture and parameter parsing. A model that
/// parses must run: one forward pass over a blank image, whose answer is ten finite numbers unless
/// the file's own parameters are not finite.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if bytes.count >= 8 {
        let crc = bytes.withUnsafeBytes { ModelFile.checksum(UnsafeRawBufferPointer(rebasing: $0.dropLast(4))) }
        for index in 0..<4 { bytes[bytes.count - 4 + index] = UInt8(truncatingIfNeeded: crc >> (8 * index)) }
    }
    guard let model = try? ModelFile.decode(bytes), model.parameterCount < 4_000_000 else { return 0 }
    let predictor = Predictor(model: model)
    let blank = PreparedDigit(image: GrayImage(width: DigitPreprocessor.side, height: DigitPreprocessor.side, filledWith: 0))
    let probabilities = predictor.predict([blank], workspace: predictor.makeWorkspace())[0].probabilities
    precondition(probabilities.count == model.classCount, "\(probabilities.count) answers from \(model.classCount) classes")
    return 0
}

/// The entry point SwiftPM links this executable with: libFuzzer's driver.
@_cdecl("model_fuzzer_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzz)
}
