@testable import DigitCore
import DigitDrawing
import Testing

/// Thumbnails (issue 10's low-resolution sources): digits scanned at 8–16 pixels, stored so or enlarged
/// by repeating pixels, which the paper's morphology cannot prepare.
@Suite struct ThumbnailTests {
    let model = try! BuiltInModels.load("default")!

    /// `digit` drawn 8 times larger and shrunk by area averaging, as a scanner sees it: (width, height) pixels,
    /// ink-high on black when `lightInk`, else dark on light paper; `levels` grey levels from paper to ink.
    func thumbnail(_ digit: Int, width: Int = 10, height: Int = 14, lightInk: Bool = false, levels: Int = 256) -> GrayImage {
        var canvas = Canvas(width: width * 8, height: height * 8, paper: 0)
        canvas.draw(digit, x: 12, y: 8, width: Double(width * 8 - 24), height: Double(height * 8 - 16), penWidth: 11, ink: 255)
        let coverage = canvas.image.resized(width: width, height: height)
        let top = levels - 1
        let ink = coverage.pixels.map { UInt8((Int($0) * top + 127) / 255) }
        return GrayImage(width: width, height: height, pixels: lightInk ? ink : ink.map { UInt8(top) - $0 })
    }

    /// Each source pixel repeated `factor` times each way (rounded down, as nearest-neighbour scaling does).
    func repeated(_ image: GrayImage, _ factor: Double) -> GrayImage {
        let (width, height) = (Int(Double(image.width) * factor), Int(Double(image.height) * factor))
        var result = GrayImage(width: width, height: height, filledWith: 0)
        for y in 0..<height {
            for x in 0..<width { result[x, y] = image[Int(Double(x) / factor), Int(Double(y) / factor)] }
        }
        return result
    }

    func read(_ image: GrayImage) throws -> Int {
        let digit = try #require(DigitPreprocessor().prepare(image), "no digit found")
        return Predictor(model: model).predict([digit], workspace: model.makeWorkspace(capacity: 1))[0].digit
    }

    @Test(arguments: 0...9)
    func aThumbnailIsRead(digit: Int) throws {
        #expect(try read(thumbnail(digit)) == digit, "dark on light")
        #expect(try read(thumbnail(digit, lightInk: true)) == digit, "light on dark")
        #expect(try read(thumbnail(digit, levels: 17)) == digit, "17 grey levels, written as they are (0-16)")
    }

    @Test(arguments: [2, 5, 8])
    func thumbnailsEnlargedByRepeatingPixelsAreRead(digit: Int) throws {
        #expect(try read(repeated(thumbnail(digit), 6)) == digit)
    }

    /// Bilinear enlargements are no thumbnails: the page's stages prepare them, once `Levels` has stretched the
    /// counts to the full range.
    @Test(arguments: [2, 5, 8])
    func thumbnailsInSeventeenLevelsEnlargedSmoothlyAreRead(digit: Int) throws {
        for lightInk in [false, true] {
            let enlarged = thumbnail(digit, lightInk: lightInk, levels: 17).resized(width: 60, height: 84)
            #expect(Thumbnail.source(of: enlarged) == nil)
            #expect(try read(enlarged) == digit, "light ink: \(lightInk)")
        }
    }

    @Test func aNearestNeighbourEnlargementGivesBackItsSource() throws {
        let source = thumbnail(3)
        #expect(Thumbnail.unenlarged(repeated(source, 5)) == source)
        let fractional = try #require(Thumbnail.unenlarged(repeated(source, 3.5)))
        #expect(fractional.width == source.width && fractional.height == source.height)
        var page = Canvas(width: 200, height: 200, paper: 235)
        page.draw(3, x: 70, y: 50, width: 60, height: 95, penWidth: 6, ink: 25)
        #expect(Thumbnail.unenlarged(page.image) == nil, "a drawing's curved edges change from row to row")
        #expect(Thumbnail.source(of: page.image) == nil)
    }

    @Test func aBlankThumbnailIsNoDigit() {
        var grain = Canvas(width: 12, height: 16, paper: 200)
        grain.noise(amplitude: 12, seed: 7)
        #expect(DigitPreprocessor().prepare(grain.image) == nil, "grain")
        #expect(DigitPreprocessor().prepare(GrayImage(width: 10, height: 14, filledWith: 16)) == nil, "even")
    }

    /// The thumbnail's stages, for `show --steps`: its source, ink-high, the ink above the paper, the mask, the
    /// digit and what the network reads (no paper: it is taken to be even).
    @Test func theStagesOfAThumbnail() {
        var seen: [PreprocessingStep: GrayImage] = [:]
        _ = DigitPreprocessor().prepare(repeated(thumbnail(7), 4)) { seen[$0] = $1 }
        #expect(Set(seen.keys) == [.gray, .inkHigh, .flattened, .inkMask, .digit, .strokeWidth, .fitted])
        #expect(seen[.gray] == thumbnail(7))
        #expect(seen[.inkHigh] == thumbnail(7).inverted())
    }
}
