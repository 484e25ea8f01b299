// Writes the sample images in samples/: digits drawn with DigitDrawing's pen, as phones, scanners
// and drawing apps would save them. No fonts, no MNIST. Usage: make-samples DIR
import CFixtureEncoders
import CLibJPEG
import DigitCore
import DigitDrawing
import Foundation

let directory = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "samples"

func save(_ bytes: [UInt8], _ name: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: directory + "/" + name))
}

func encode(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, UnsafeMutablePointer<Int>, UnsafeMutablePointer<CChar>) -> Int32) -> [UInt8] {
    var data: UnsafeMutablePointer<UInt8>?
    var size = 0
    var message = [CChar](repeating: 0, count: 200)
    guard body(&data, &size, &message) == 0, let data else { fatalError("cannot encode a sample") }
    defer { fx_free(data) }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

func png(_ samples: [UInt16], _ width: Int, _ height: Int, colorType: Int32, bitDepth: Int32 = 8, interlaced: Bool = false,
         palette: [UInt8] = []) -> [UInt8] {
    palette.withUnsafeBufferPointer { palette in
        var options = fx_png_options(color_type: colorType, bit_depth: bitDepth, interlaced: interlaced ? 1 : 0,
                                     palette_rgb: palette.baseAddress, palette_count: Int32(palette.count / 3),
                                     transparency: nil, transparency_count: 0, transparent_gray: -1, exif: nil, exif_size: 0)
        return encode { fx_encode_png(samples, UInt32(width), UInt32(height), &options, $0, $1, $2) }
    }
}

func jpeg(_ image: GrayImage, colour: Bool = true, progressive: Bool = false, quality: Int32 = 85, exif: [UInt8]? = nil) -> [UInt8] {
    // A faint warm cast, as paper under a lamp, so the file really is colour.
    let samples = colour ? image.pixels.flatMap { [$0, UInt8(Double($0) * 0.97), UInt8(Double($0) * 0.9)] } : image.pixels
    let exifBytes = exif ?? []
    return exifBytes.withUnsafeBufferPointer { exifBuffer in
        var options = fx_jpeg_options(input_components: colour ? 3 : 1,
                                      file_color_space: Int32((colour ? JCS_YCbCr : JCS_GRAYSCALE).rawValue), quality: quality,
                                      progressive: progressive ? 1 : 0, luma_h_sampling: 2, luma_v_sampling: 2, restart_interval: 0,
                                      exif: exif == nil ? nil : exifBuffer.baseAddress, exif_size: exifBytes.count)
        return encode { fx_encode_jpeg(samples, UInt32(image.width), UInt32(image.height), &options, $0, $1, $2) }
    }
}

/// A photo of a digit on paper: off-white page, light falling off, grain.
func photo(_ digit: Int, width: Int, height: Int, x: Double, y: Double, size: Double, pen: Double, darkest: Double = 0.6, seed: UInt64) -> GrayImage {
    var canvas = Canvas(width: width, height: height, paper: 228)
    canvas.draw(digit, x: x, y: y, width: size * 0.62, height: size, penWidth: pen, ink: 35)
    canvas.unevenLight(darkest: darkest)
    canvas.noise(amplitude: 10, seed: seed)
    return canvas.image
}

func drawn(_ digit: Int, side: Int, paper: UInt8, ink: UInt8, pen: Double) -> GrayImage {
    var canvas = Canvas(width: side, height: side, paper: paper)
    let size = Double(side) * 0.7
    canvas.draw(digit, x: (Double(side) - size * 0.62) / 2, y: Double(side) * 0.15, width: size * 0.62, height: size, penWidth: pen, ink: ink)
    return canvas.image
}

/// Exif block holding only an Orientation tag (little-endian TIFF).
func exif(orientation: UInt8) -> [UInt8] {
    [0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0, 0, 0, 0, 0]
}

try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
try save(jpeg(photo(7, width: 1600, height: 1200, x: 900, y: 300, size: 600, pen: 45, seed: 1)), "phone-photo-7.jpg")
let upright3 = photo(3, width: 900, height: 1200, x: 250, y: 300, size: 520, pen: 40, seed: 2)
try save(jpeg(upright3.applying(.left), exif: exif(orientation: 6)), "exif-rotated-3.jpg")
try save(jpeg(photo(9, width: 800, height: 600, x: 330, y: 140, size: 330, pen: 26, darkest: 0.3, seed: 3), progressive: true),
         "progressive-shadow-9.jpg")
try save(jpeg(photo(0, width: 640, height: 480, x: 60, y: 40, size: 180, pen: 14, seed: 4), colour: false, quality: 60),
         "gray-off-centre-0.jpg")
try save(jpeg(photo(6, width: 1000, height: 750, x: 380, y: 160, size: 420, pen: 12, darkest: 0.8, seed: 5)), "thin-pen-6.jpg")
// A hand's shadow across the page: 45% darker, its edge soft over a fifth of the page's width (the previous preprocessing found it blank).
var shaded = Canvas(width: 1200, height: 1600, paper: 232)
shaded.draw(2, x: 700, y: 640, width: 99, height: 160, penWidth: 10, ink: 40)
for y in 0..<1600 {
    for x in 0..<1200 {
        let inShadow = 1 / (1 + exp((420 - Double(x) - 0.3 * Double(y)) / 60))
        shaded.image[x, y] = UInt8((Double(shaded.image[x, y]) * (1 - 0.45 * inShadow)).rounded())
    }
}
shaded.noise(amplitude: 8, seed: 7)
try save(jpeg(shaded.image), "shadow-band-2.jpg")
// A bold 8 cropped tightly: ink covers about half of the image.
var bold = Canvas(width: 48, height: 64, paper: 244)
bold.draw(8, x: 8, y: 7, width: 32, height: 50, penWidth: 12, ink: 22)
try save(png(bold.image.pixels.map(UInt16.init), 48, 64, colorType: 0), "tight-bold-8.png")
// A 4 that was 12 pixels tall (a thumbnail, a form field), enlarged 8 times.
var thumbnail = Canvas(width: 12, height: 16, paper: 238)
thumbnail.draw(4, x: 2, y: 2, width: 8, height: 12, penWidth: 1.6, ink: 30)
try save(png(thumbnail.image.resized(width: 96, height: 128).pixels.map(UInt16.init), 96, 128, colorType: 0), "lowres-4.png")
var blankPage = Canvas(width: 1200, height: 900, paper: 225)
blankPage.unevenLight(darkest: 0.55)
blankPage.noise(amplitude: 10, seed: 6)
try save(jpeg(blankPage.image), "blank-page.jpg")

// Drawing apps and web canvases: strokes on a transparent background, in either colour.
for (digit, strokeValue, name) in [(5, UInt16(0), "canvas-black-on-transparent-5.png"), (2, UInt16(255), "canvas-white-on-transparent-2.png")] {
    let coverage = drawn(digit, side: 280, paper: 0, ink: 255, pen: 22)
    try save(png(coverage.pixels.flatMap { [strokeValue, strokeValue, strokeValue, UInt16($0)] }, 280, 280, colorType: 6), name)
}
let grayAlpha = drawn(4, side: 200, paper: 0, ink: 255, pen: 16)
try save(png(grayAlpha.pixels.flatMap { [0, UInt16($0)] }, 200, 200, colorType: 4), "gray-alpha-4.png")

// Scans and files in every PNG flavour.
try save(png(drawn(1, side: 400, paper: 15, ink: 235, pen: 30).pixels.map(UInt16.init), 400, 400, colorType: 0), "inverted-scan-1.png")
try save(png(drawn(8, side: 300, paper: 240, ink: 20, pen: 24).pixels.map { UInt16($0) * 257 }, 300, 300, colorType: 0, bitDepth: 16),
         "gray16-8.png")
try save(png(drawn(3, side: 256, paper: 250, ink: 10, pen: 20).pixels.map(UInt16.init), 256, 256, colorType: 0, interlaced: true),
         "interlaced-3.png")
let paletteDigit = drawn(6, side: 240, paper: 255, ink: 0, pen: 20)
let palette: [UInt8] = (0..<16).flatMap { (level: Int) -> [UInt8] in
    let gray = UInt8(level * 17)
    return [gray, gray, gray]
}
try save(png(paletteDigit.pixels.map { UInt16($0) / 17 }, 240, 240, colorType: 3, bitDepth: 4, palette: palette), "palette-6.png")
try save(png(drawn(7, side: 240, paper: 245, ink: 20, pen: 60).pixels.map(UInt16.init), 240, 240, colorType: 0), "thick-marker-7.png")
try save(png(drawn(1, side: 20, paper: 255, ink: 0, pen: 2.2).pixels.map(UInt16.init), 20, 20, colorType: 0), "tiny-20px-1.png")
var mnistStyle = Canvas(width: 28, height: 28, paper: 0)
mnistStyle.draw(0, x: 8, y: 4, width: 12, height: 20, penWidth: 2.6, ink: 255)
try save(png(mnistStyle.image.pixels.map(UInt16.init), 28, 28, colorType: 0), "mnist-style-0.png")

// Not digits.
var scribble = Canvas(width: 300, height: 300, paper: 240)
let scribblePoints: [(Double, Double)] = [(40, 200), (90, 60), (150, 240), (200, 70), (260, 220), (60, 130), (250, 140)]
scribble.drawPolyline(scribblePoints, penWidth: 14, ink: 20)
try save(png(scribble.image.pixels.map(UInt16.init), 300, 300, colorType: 0), "scribble.png")
var letter = Canvas(width: 300, height: 300, paper: 240)
letter.drawPolyline([(60, 260), (150, 40), (240, 260)], penWidth: 18, ink: 20)
letter.drawPolyline([(95, 180), (205, 180)], penWidth: 18, ink: 20)
try save(png(letter.image.pixels.map(UInt16.init), 300, 300, colorType: 0), "letter-A.png")
// Numbers, for `digitcli read`.
/// `digits` drawn left to right on a page `width` × `height`: each `size` tall and 0.62 as wide, `gap` apart.
func number(_ digits: [Int], width: Int, height: Int, x: Double, y: Double, size: Double, gap: Double, pen: Double,
            paper: UInt8 = 232, ink: UInt8 = 30) -> Canvas {
    var canvas = Canvas(width: width, height: height, paper: paper)
    for (index, digit) in digits.enumerated() {
        canvas.draw(digit, x: x + Double(index) * (size * 0.62 + gap), y: y, width: size * 0.62, height: size, penWidth: pen, ink: ink)
    }
    return canvas
}
var meter = number([4, 0, 9, 6, 1], width: 1600, height: 1200, x: 380, y: 480, size: 220, gap: 40, pen: 20)
meter.unevenLight(darkest: 0.65)
meter.noise(amplitude: 10, seed: 21)
try save(jpeg(meter.image), "meter-40961.jpg")
try save(png(number([1, 0, 3, 7], width: 400, height: 120, x: 60, y: 15, size: 90, gap: 22, pen: 8).image.pixels.map(UInt16.init), 400, 120,
             colorType: 0), "scan-1037.png")
var price = number([3, 5, 0], width: 420, height: 200, x: 70, y: 40, size: 110, gap: 30, pen: 10)
price.drawPolyline([(145, 146), (146, 147)], penWidth: 12, ink: 30)   // the decimal point after the 3
try save(png(price.image.pixels.map(UInt16.init), 420, 200, colorType: 0), "price-3.50.png")
var twoLines = number([1, 2], width: 420, height: 360, x: 80, y: 40, size: 110, gap: 30, pen: 10)
for (index, digit) in [7, 3, 6].enumerated() {
    twoLines.draw(digit, x: 80 + Double(index) * (110 * 0.62 + 30), y: 210, width: 110 * 0.62, height: 110, penWidth: 10, ink: 30)
}
try save(png(twoLines.image.pixels.map(UInt16.init), 420, 360, colorType: 0), "two-lines-12-736.png")
// Two 0s that touch: one blot of ink that read cuts in two.
try save(png(number([2, 0, 0], width: 420, height: 200, x: 60, y: 40, size: 120, gap: -12, pen: 12).image.pixels.map(UInt16.init), 420, 200,
             colorType: 0), "touching-200.png")
print("wrote the samples to \(directory)")
