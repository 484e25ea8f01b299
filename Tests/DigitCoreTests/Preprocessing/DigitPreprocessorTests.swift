import CLibJPEG
@testable import DigitCore
import DigitDrawing
import Foundation
import Testing

@Suite struct DigitPreprocessorTests {
    let preprocessor = DigitPreprocessor()

    /// A dark digit drawn on light paper.
    func drawn(_ digit: Int, canvas: Int = 120, x: Double = 35, y: Double = 20, size: Double = 70, pen: Double = 7,
               paper: UInt8 = 235, ink: UInt8 = 25) -> Canvas {
        var canvas = Canvas(width: canvas, height: canvas, paper: paper)
        canvas.draw(digit, x: x, y: y, width: size * 0.65, height: size, penWidth: pen, ink: ink)
        return canvas
    }

    func prepared(_ image: GrayImage, sourceLocation: SourceLocation = #_sourceLocation) throws -> GrayImage {
        try #require(preprocessor.prepare(image), "no digit found", sourceLocation: sourceLocation).image
    }

    /// MNIST's own layout: ink inside a 20×20 box (longer side 20), centre of mass at the centre, black elsewhere,
    /// the strokes' core at `fullInk` or above.
    func expectMNISTLayout(_ image: GrayImage, fullInk: UInt8 = 255, sourceLocation: SourceLocation = #_sourceLocation) {
        var (minX, minY, maxX, maxY) = (28, 28, -1, -1)
        var (mass, sumX, sumY) = (0.0, 0.0, 0.0)
        for y in 0..<28 {
            for x in 0..<28 where image[x, y] > 0 {
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
                mass += Double(image[x, y])
                sumX += Double(image[x, y]) * (Double(x) + 0.5)
                sumY += Double(image[x, y]) * (Double(y) + 0.5)
            }
        }
        #expect(max(maxX - minX + 1, maxY - minY + 1) == 20, "longer side of the ink", sourceLocation: sourceLocation)
        #expect(abs(sumX / mass - 14) <= 0.5 && abs(sumY / mass - 14) <= 0.5, "centre of mass", sourceLocation: sourceLocation)
        #expect(image.pixels.max()! >= fullInk, "full ink in the strokes", sourceLocation: sourceLocation)
    }

    /// Paper whose level at (x, y) is `level(x, y)`.
    func page(width: Int = 200, height: Int = 200, _ level: (Double, Double) -> Double) -> Canvas {
        var canvas = Canvas(width: width, height: height, paper: 0)
        for y in 0..<height {
            for x in 0..<width { canvas.image[x, y] = UInt8(level(Double(x), Double(y)).rounded()) }
        }
        return canvas
    }

    /// `digit` drawn on `page` in a box `size` high at (x, y), and the same digit on clean paper.
    func drawn(_ digit: Int, on page: Canvas, x: Double, y: Double, size: Double, pen: Double,
               ink: UInt8) -> (image: GrayImage, clean: GrayImage) {
        var (canvas, clean) = (page, Canvas(width: page.image.width, height: page.image.height, paper: 235))
        canvas.draw(digit, x: x, y: y, width: size * 0.65, height: size, penWidth: pen, ink: ink)
        clean.draw(digit, x: x, y: y, width: size * 0.65, height: size, penWidth: pen, ink: 25)
        return (canvas.image, clean.image)
    }

    /// Mean absolute difference of two prepared images, in grey levels.
    func distance(_ a: GrayImage, _ b: GrayImage) -> Double { differences(a, b).mean }

    @Test(arguments: 0..<10)
    func drawnDigitsComeOutInMNISTLayout(digit: Int) throws {
        expectMNISTLayout(try prepared(drawn(digit).image))
    }

    @Test func mnistLikeImagePassesThroughUnchanged() throws {
        var canvas = Canvas(width: 28, height: 28, paper: 0)
        canvas.draw(3, x: 8, y: 4, width: 12, height: 20, penWidth: 2.5, ink: 255)
        #expect(try prepared(canvas.image) == canvas.image)
    }

    @Test func positionDoesNotMatter() throws {
        let centred = try prepared(drawn(7).image)
        for (x, y) in [(2.0, 3.0), (45.0, 45.0), (10.0, 40.0)] {
            #expect(distance(try prepared(drawn(7, x: x, y: y).image), centred) < 1.0, "at \(x), \(y)")
        }
    }

    @Test func polarityIsFoundFromTheImage() throws {
        let dark = try prepared(drawn(4).image)
        let light = try prepared(drawn(4, paper: 20, ink: 230).image)
        #expect(distance(dark, light) < 2)
        // Grey paper in dim light: still dark ink.
        #expect(distance(try prepared(drawn(4, paper: 110, ink: 35).image), dark) < 3)
    }

    @Test func tinyAndHugeImages() throws {
        let reference = try prepared(drawn(1).image)
        var tiny = Canvas(width: 10, height: 10, paper: 255)
        tiny.draw(1, x: 2.5, y: 0.5, width: 5.5, height: 9, penWidth: 1.3, ink: 0)
        expectMNISTLayout(try prepared(tiny.image))
        let huge = drawn(1, canvas: 2400, x: 700, y: 400, size: 1400, pen: 140)
        let hugePrepared = try prepared(huge.image)
        expectMNISTLayout(hugePrepared)
        #expect(distance(hugePrepared, reference) < 6)
    }

    @Test(arguments: [2.0, 4.0, 12.0, 20.0])
    func thinAndThickStrokes(pen: Double) throws {
        expectMNISTLayout(try prepared(drawn(2, pen: pen).image))
    }

    @Test func unevenLightingAndPaperTexture() throws {
        let clean = try prepared(drawn(5).image)
        var photo = drawn(5)
        photo.unevenLight(darkest: 0.4)
        photo.noise(amplitude: 14, seed: 2)
        let distanceFromClean = distance(try prepared(photo.image), clean)
        #expect(distanceFromClean < 8, "\(distanceFromClean)")
    }

    @Test func dustAndPageEdgesAreIgnored() throws {
        let clean = try prepared(drawn(9).image)
        var messy = drawn(9)
        for (x, y) in [(5, 5), (100, 12), (110, 100), (15, 108)] {   // specks of dust
            for dy in 0..<2 { for dx in 0..<2 { messy.image[x + dx, y + dy] = 40 } }
        }
        for y in 0..<120 { for x in 116..<120 { messy.image[x, y] = 30 } }   // the dark edge of the table
        #expect(distance(try prepared(messy.image), clean) < 3)
    }

    @Test func transparentCanvasExport() throws {
        // Black strokes on a fully transparent canvas, as a web canvas exports them.
        let strokes = drawn(6, paper: 0, ink: 255).image   // coverage
        let rgba: [UInt16] = strokes.pixels.flatMap { coverage in [0, 0, 0, UInt16(coverage)] }
        let file = try Fixtures.png(samples: rgba, width: strokes.width, height: strokes.height, colorType: 6, bitDepth: 8)
        let fromCanvas = try prepared(ImageDecoder.decode(file))
        #expect(distance(fromCanvas, try prepared(drawn(6, paper: 255, ink: 0).image)) < 2)
    }

    @Test func exifRotatedPhoto() throws {
        let upright = drawn(7, canvas: 160, x: 50, y: 40)
        // The camera stored the picture turned 90° counter-clockwise and tagged it "rotate 90° clockwise".
        let stored = upright.image.applying(.left)
        let file = try Fixtures.jpeg(stored, quality: 90, exif: Fixtures.exif(orientation: 6))
        #expect(distance(try prepared(ImageDecoder.decode(file)), try prepared(upright.image)) < 4)
    }

    @Test func blankPagesHoldNoDigit() {
        var blank = Canvas(width: 200, height: 150, paper: 230)
        #expect(preprocessor.prepare(blank.image) == nil)
        blank.unevenLight(darkest: 0.5)
        blank.noise(amplitude: 10, seed: 1)
        #expect(preprocessor.prepare(blank.image) == nil, "shadows and paper grain")
        var dust = Canvas(width: 200, height: 150, paper: 230)
        dust.image[100, 70] = 20
        #expect(preprocessor.prepare(dust.image) == nil, "a speck of dust")
        #expect(preprocessor.prepare(GrayImage(width: 28, height: 28, filledWith: 0)) == nil)
    }

    /// Paper going from 230 on the left to 60 on the right.
    let gradient = { (x: Double, _: Double) in 230 - 170 * x / 199 }

    /// Grainy paper: level 200, ±16 of noise.
    var grainy: Canvas {
        var canvas = Canvas(width: 140, height: 140, paper: 200)
        canvas.noise(amplitude: 16, seed: 3)
        return canvas
    }

    /// Prepares `image` and checks it against `clean`, the same digit prepared from clean paper. A thin stroke
    /// blurred or shaded may stop just short of full ink.
    func expectPreparedLike(_ image: GrayImage, _ clean: GrayImage, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try prepared(image, sourceLocation: sourceLocation)
        expectMNISTLayout(result, fullInk: 245, sourceLocation: sourceLocation)
        let gap = distance(result, try prepared(clean, sourceLocation: sourceLocation))
        #expect(gap < 4, "distance from the clean digit: \(gap)", sourceLocation: sourceLocation)
    }

    // Paper levels opened, not eroded: on a gradient an eroded level lags a tile, and the false ink swamped a thin digit.
    @Test func thinDigitOnTheDarkSideOfAGradient() throws {
        let (image, clean) = drawn(3, on: page(gradient), x: 100, y: 70, size: 50, pen: 3, ink: 20)
        try expectPreparedLike(image, clean)
    }

    /// Light falling off along a curve, as a lamp's does: paper from 230 at the left (or top) to 60 at the right (or bottom).
    func fallingOff(_ exponent: Double, vertically: Bool = false) -> Canvas {
        page { x, y in 60 + 170 * pow(1 - (vertically ? y : x) / 199, exponent) }
    }

    /// Light falling off radially by the cos⁴ law, as a lens's vignette or a lamp's spot: 230 under the light at (x, y).
    func vignetted(light: (x: Double, y: Double), reach: Double) -> Canvas {
        page { x, y in 230 / pow(1 + ((x - light.x) * (x - light.x) + (y - light.y) * (y - light.y)) / (reach * reach), 2) }
    }

    /// A lens's vignette: paper 105 in the corners.
    var vignette: Canvas { vignetted(light: (99.5, 99.5), reach: 200) }

    /// A lamp's spot on a corner: paper 230 there, 40 at the page's centre.
    var lampSpot: Canvas { vignetted(light: (0, 0), reach: 120) }

    static let falloffExponents = [1.15, 1.3, 1.5, 1.7, 2.4]
    /// Steeper still a blank page must stay blank, but a thin digit is lost: there is not yet a test of it.
    static let steepFalloffExponents = [3.0, 4.0]

    // Polarity per tile: with light falling off, most of the page is dark paper, which whole-page polarity took for light ink.
    @Test(arguments: falloffExponents)
    func thinDigitWhereTheLightFallsOff(exponent: Double) throws {
        for vertically in [false, true] {
            let (image, clean) = drawn(3, on: fallingOff(exponent, vertically: vertically), x: 100, y: 70, size: 50, pen: 3, ink: 20)
            try expectPreparedLike(image, clean)
        }
    }

    @Test func thinDigitUnderALampSpot() throws {
        let (image, clean) = drawn(3, on: lampSpot, x: 30, y: 30, size: 50, pen: 3, ink: 20)
        try expectPreparedLike(image, clean)
    }

    // Paper levels opened and extended at the border: a digit near the foot of a steep gradient sat in a ramp of false ink.
    @Test func digitAtTheFootOfASteepGradient() throws {
        let (image, clean) = drawn(5, on: page { _, y in 245 - 170 * y / 199 }, x: 80, y: 135, size: 55, pen: 3, ink: 10)
        try expectPreparedLike(image, clean)
    }

    // Contrast measured against the paper's noise: ink only 35 levels darker than clean paper is a digit.
    @Test func faintInkOnCleanPaper() throws {
        try expectPreparedLike(drawn(8, ink: 200).image, drawn(8).image)
    }

    // Grain blurred before Otsu's threshold, which would otherwise split the grain rather than a small digit's ~1%.
    @Test func smallThinDigitOnGrainyPaper() throws {
        let (image, clean) = drawn(4, on: grainy, x: 59, y: 56, size: 30, pen: 2.5, ink: 120)
        try expectPreparedLike(image, clean)
    }

    // A page edge is long along the side it touches: a tall digit cut by the top of a 28×28 image is not one.
    @Test func smallDigitCutByTheTopIsNoPageEdge() throws {
        var canvas = Canvas(width: 28, height: 28, paper: 255)
        canvas.draw(7, x: 6, y: -1, width: 16, height: 26, penWidth: 2, ink: 0)
        expectMNISTLayout(try prepared(canvas.image), fullInk: 245)
    }

    // The fixes above must not find digits in the blank versions of those pages.
    @Test func blankGradientAndGrainyPagesHoldNoDigit() {
        #expect(preprocessor.prepare(page(gradient).image) == nil, "gradient")
        #expect(preprocessor.prepare(grainy.image) == nil, "grain")
    }

    // Paper levels measured again after the first estimate, and extrapolated into the border's half-tiles along a parabola:
    // on a curve the quarter-tile lag of a tile's low percentile, levels held flat at the border, and (from an exponent
    // of 2.4) levels extended along a line left false ink on bright paper.
    @Test(arguments: falloffExponents + steepFalloffExponents)
    func blankPagesWhereTheLightFallsOffHoldNoDigit(exponent: Double) {
        #expect(preprocessor.prepare(fallingOff(exponent).image) == nil, "horizontally")
        #expect(preprocessor.prepare(fallingOff(exponent, vertically: true).image) == nil, "vertically")
    }

    @Test func blankVignettedPagesHoldNoDigit() {
        #expect(preprocessor.prepare(vignette.image) == nil, "vignette")
        #expect(preprocessor.prepare(lampSpot.image) == nil, "lamp's spot")
    }
}
