// swift-tools-version:6.0
import PackageDescription

// The numeric core is optimised even in debug builds (unoptimised SIMD code runs hundreds of times
// slower, and the tests train networks), and on x86-64 targets AVX2 + FMA (any x86-64 CPU since 2013).
var numericCoreFlags = ["-O"]
// Its matrix multiply again for AVX-512 (Intel since Skylake-SP, AMD since Zen 4), chosen at run time.
var avx512KernelFlags = ["-O"]
#if arch(x86_64)
numericCoreFlags += ["-target-cpu", "haswell"]
avx512KernelFlags += ["-target-cpu", "skylake-avx512"]
#endif

let package = Package(
    name: "digitcli",
    products: [
        .executable(name: "digitcli", targets: ["digitcli"]),
        .library(name: "DigitCore", targets: ["DigitCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System libraries: Debian's libpng-dev and libjpeg-dev.
        .systemLibrary(
            name: "CLibPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"])]
        ),
        .systemLibrary(
            name: "CLibJPEG",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Every libpng/libjpeg call lives here, behind setjmp: Swift frames cannot survive their longjmp.
        .target(
            name: "CImageCodec",
            dependencies: ["CLibPNG", "CLibJPEG"]
        ),
        // The trained models (models/*.dcnn), embedded into the binary with C23 #embed.
        .target(
            name: "CModels",
            cSettings: [.unsafeFlags(["-std=c23"])]
        ),
        // Which build this is: the commit `make build` passes in (-DDIGITCLI_COMMIT).
        .target(name: "CBuildInfo"),
        // Whether the processor has AVX-512 (CPUID, which Swift cannot run).
        .target(name: "CProcessorFeatures"),
        .target(
            name: "DigitCoreAVX512",
            swiftSettings: [.unsafeFlags(avx512KernelFlags)]
        ),
        // Image, preprocessing, network, model-file and MNIST code.
        .target(
            name: "DigitCore",
            dependencies: ["CImageCodec", "CZlib", "CModels", "CProcessorFeatures", "DigitCoreAVX512"],
            swiftSettings: [.unsafeFlags(numericCoreFlags)]
        ),
        // The command-line front end.
        .executableTarget(
            name: "digitcli",
            dependencies: [
                "DigitCore",
                "CBuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Writes PNG/JPEG variants for the decoder tests (palettes, bit depths, CMYK, EXIF, ...).
        .target(
            name: "CFixtureEncoders",
            dependencies: ["CLibPNG", "CLibJPEG"],
            path: "Tests/CFixtureEncoders"
        ),
        // Benchmark driver for bench/decode.sh.
        .executableTarget(
            name: "decode-bench",
            dependencies: ["DigitCore", "CFixtureEncoders", "CLibJPEG"],
            path: "bench/decode-bench"
        ),
        // Draws digits with a round pen, for the tests and the samples (no fonts, no MNIST).
        .target(
            name: "DigitDrawing",
            dependencies: ["DigitCore"],
            path: "Tests/DigitDrawing"
        ),
        // Prepares generated images as IDX training data for the built-in models (models/README.md).
        .executableTarget(
            name: "prepare-idx",
            dependencies: ["DigitCore"],
            path: "models/prepare-idx"
        ),
        // Writes the images in samples/.
        .executableTarget(
            name: "make-samples",
            dependencies: ["DigitCore", "DigitDrawing", "CFixtureEncoders", "CLibJPEG"],
            path: "samples/make-samples"
        ),
        .testTarget(
            name: "DigitCoreTests",
            dependencies: ["DigitCore", "CFixtureEncoders", "DigitDrawing", "CZlib"],
            exclude: ["Network/seed_reference.py"]
        ),
        .testTarget(
            name: "digitcliTests",
            dependencies: ["DigitCore", "CFixtureEncoders", "DigitDrawing"]
        ),
    ]
)
