// swift-tools-version:6.0
// The Swift fuzz targets, apart from the project's own package so that they never enter its normal
// build. fuzz/build.sh builds them with -sanitize=fuzzer,address and -parse-as-library (libFuzzer
// supplies main), against instrumented libpng and libjpeg-turbo.
import PackageDescription

let package = Package(
    name: "digitcli-fuzz",
    dependencies: [.package(name: "digitcli", path: "..")],
    targets: [
        // libFuzzer's driver, called from each target's entry point.
        .target(name: "FuzzDriver"),
        // Bytes in, answer out: decode, prepare MNIST-style, run the default model.
        .executableTarget(name: "predict-fuzzer", dependencies: ["FuzzDriver", .product(name: "DigitCore", package: "digitcli")]),
        // Model-file parsing, and a forward pass through any model that parses.
        .executableTarget(name: "model-fuzzer", dependencies: ["FuzzDriver", .product(name: "DigitCore", package: "digitcli")]),
    ]
)
