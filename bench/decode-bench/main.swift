// Times DigitCore's decoder for bench/decode.sh.
//   decode-bench files FILE_LIST ROUNDS   median seconds to read and decode every listed file
//   decode-bench photo ROUNDS             a generated 4000×3000 phone-style JPEG, full size vs DCT-scaled
//   decode-bench write-photo PATH GRAIN   writes that photo (baseline, grain ±GRAIN) for bench/predict.py
//   decode-bench steps PATH ROUNDS        median milliseconds of predict's decoding and preparation of one file
import CFixtureEncoders
import CLibJPEG
import DigitCore
import Foundation

func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func timeFiles(listPath: String, rounds: Int) throws {
    let paths = try String(contentsOfFile: listPath, encoding: .utf8).split(separator: "\n").map(String.init)
    var checksum = 0
    let times = try (0..<rounds).map { _ in
        try seconds {
            for path in paths {
                let image = try ImageDecoder.decode(contentsOf: path)
                checksum &+= Int(image.pixels[image.pixels.count / 2])
            }
        }
    }
    print(String(format: "%.4f %d", median(times), checksum))
}

/// A phone photo of a digit on paper: off-white page, lighting falling off towards one corner,
/// a dark stroke, and sensor grain of up to ±`grain` levels per pixel (16 defeats the entropy coder).
func phoneStyleJPEG(grain: Int, progressive: Bool) -> [UInt8] {
    let width = 4000, height = 3000
    var rgb = [UInt8](repeating: 0, count: width * height * 3)
    var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
    for y in 0..<height {
        for x in 0..<width {
            let light = 215 - 50 * Double(x + y) / Double(width + height)
            let dx = Double(x - 2000), dy = Double(y - 1500)
            let ring = abs((dx * dx + dy * dy).squareRoot() - 700)   // a "0" drawn with a marker
            var value = ring < 60 ? 40.0 : light
            if grain > 0 {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                value += Double(Int(seed >> 59) * grain / 16 - grain)
            }
            let gray = UInt8(max(0, min(255, value)))
            let index = 3 * (y * width + x)
            rgb[index] = gray; rgb[index + 1] = gray; rgb[index + 2] = gray &- 8
        }
    }
    var options = fx_jpeg_options(input_components: 3, file_color_space: Int32(JCS_YCbCr.rawValue), quality: 90,
                                  progressive: progressive ? 1 : 0, luma_h_sampling: 2, luma_v_sampling: 2,
                                  restart_interval: 0, exif: nil, exif_size: 0)
    var data: UnsafeMutablePointer<UInt8>?
    var size = 0
    var message = [CChar](repeating: 0, count: 200)
    guard fx_encode_jpeg(rgb, UInt32(width), UInt32(height), &options, &data, &size, &message) == 0, let data else {
        fatalError("cannot encode the test photo")
    }
    defer { fx_free(data) }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

func timePhotos(rounds: Int) throws {
    for (name, grain, progressive) in [("smooth", 0, false), ("phone", 4, false), ("noisy", 16, false), ("progressive", 16, true)] {
        let file = phoneStyleJPEG(grain: grain, progressive: progressive)
        let full = try (0..<rounds).map { _ in try seconds { _ = try ImageDecoder.decode(file) } }
        let scaled = try (0..<rounds).map { _ in
            try seconds { _ = try ImageDecoder.decode(file, options: DecodeOptions(minimumShortSide: 256)) }
        }
        print(String(format: "%@ %.1f %.4f %.4f", name, Double(file.count) / 1e6, median(full), median(scaled)))
    }
}

/// Where the time goes for one file through `predict`'s steps (read+decode, then preparation).
func timeSteps(_ path: String, rounds: Int) throws {
    var image = try ImageDecoder.decode(contentsOf: path, options: Predictor.defaultDecodeOptions)
    let decode = try (0..<rounds).map { _ in try seconds { image = try ImageDecoder.decode(contentsOf: path, options: Predictor.defaultDecodeOptions) } }
    let prepare = (0..<rounds).map { _ in seconds { _ = DigitPreprocessor().prepare(image) } }
    print(String(format: "decode %.2f ms (%dx%d), prepare %.2f ms", median(decode) * 1e3, image.width, image.height, median(prepare) * 1e3))
}

let arguments = CommandLine.arguments
switch (arguments.count, arguments.count > 1 ? arguments[1] : "") {
case (4, "files"): try timeFiles(listPath: arguments[2], rounds: Int(arguments[3]) ?? 5)
case (3, "photo"): try timePhotos(rounds: Int(arguments[2]) ?? 5)
case (4, "steps"): try timeSteps(arguments[2], rounds: Int(arguments[3]) ?? 9)
case (4, "write-photo"):
    try Data(phoneStyleJPEG(grain: Int(arguments[3]) ?? 16, progressive: false)).write(to: URL(fileURLWithPath: arguments[2]))
default:
    FileHandle.standardError.write(Data("usage: decode-bench files FILE_LIST ROUNDS | photo ROUNDS | write-photo PATH GRAIN | steps PATH ROUNDS\n".utf8))
    exit(2)
}
