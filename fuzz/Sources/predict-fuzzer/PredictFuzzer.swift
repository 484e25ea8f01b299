import DigitCore

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

/// SwiftPM links an executable's entry point as `<target>_main`; here it hands over to libFuzzer.
@_cdecl("predict_fuzzer_main")
func runFuzzer(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32
) -> Int32
