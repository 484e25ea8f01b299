import DigitCore
import FuzzDriver

/// The default model and one workspace, made once for the whole run.
let predictor = Predictor(model: try! BuiltInModels.load("default")!)
let workspace = predictor.makeWorkspace()

/// Any bytes through predict's whole path: no crash, no hang (libFuzzer's -timeout), and an answer
/// that is a probability distribution, never NaN.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var options = Predictor.defaultDecodeOptions
    options.maxPixels = 4 << 20   // keeps each run quick; the limit's check is fuzzed too
    guard let image = try? ImageDecoder.decode(Array(UnsafeBufferPointer(start: data, count: size)), options: options),
          let digit = predictor.preprocessor.prepare(image)
    else { return 0 }
    let probabilities = predictor.predict([digit], workspace: workspace)[0].probabilities
    let total = probabilities.reduce(0, +)
    precondition(probabilities.count == 10 && probabilities.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 },
                 "not probabilities: \(probabilities)")
    precondition(abs(total - 1) < 1e-3, "probabilities sum to \(total)")
    return 0
}

/// The entry point SwiftPM links this executable with: libFuzzer's driver.
@_cdecl("predict_fuzzer_main")
func main(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzz)
}
