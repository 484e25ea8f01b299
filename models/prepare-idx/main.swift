// Turns a folder of generated images (bench/make_checkset.py: images + labels.tsv) into IDX training
// files, each image prepared exactly as `digitcli predict` prepares it, so that the models learn
// from what the preprocessing makes of fonts, pens, paper and light. Non-digits get label 255.
// Usage: prepare-idx IMAGES_DIR OUT_DIR   (writes OUT_DIR/train-images-idx3-ubyte, train-labels-idx1-ubyte)
import DigitCore
import Foundation

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: prepare-idx IMAGES_DIR OUT_DIR\n".utf8))
    exit(2)
}
let (source, destination) = (arguments[1], arguments[2])
let listing = try String(contentsOfFile: source + "/labels.tsv", encoding: .utf8)
let preprocessor = DigitPreprocessor()
let options = Predictor.defaultDecodeOptions
var images: [UInt8] = [], labels: [UInt8] = []
var skipped = 0
for line in listing.split(separator: "\n") {
    let fields = line.split(separator: "\t").map(String.init)
    guard fields.count >= 2,
          let prepared = preprocessor.prepare(try ImageDecoder.decode(contentsOf: source + "/" + fields[0], options: options))
    else {
        skipped += 1   // a blank page: nothing to learn from
        continue
    }
    images += prepared.image.pixels
    labels.append(UInt8(fields[1]) ?? MNISTSet.notADigit)
}

func bigEndian(_ value: Int) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: true)
try Data(bigEndian(0x803) + bigEndian(labels.count) + bigEndian(28) + bigEndian(28) + images)
    .write(to: URL(fileURLWithPath: destination + "/train-images-idx3-ubyte"))
try Data(bigEndian(0x801) + bigEndian(labels.count) + labels).write(to: URL(fileURLWithPath: destination + "/train-labels-idx1-ubyte"))
print("\(labels.count) images (\(labels.filter { $0 == MNISTSet.notADigit }.count) not digits), \(skipped) skipped, in \(destination)")
