@testable import DigitCore
import DigitDrawing
import Foundation
import Testing

/// Each stage of the preprocessing on generated images, and the failures of real photos that they fix
/// (issue 10): soft shadow bands, bold digits cropped tightly, desks around a sheet, ruled paper.
@Suite struct PreprocessingStagesTests {
    let preprocessor = DigitPreprocessor()

    func prepared(_ image: GrayImage, sourceLocation: SourceLocation = #_sourceLocation) throws -> GrayImage {
        try #require(preprocessor.prepare(image), "no digit found", sourceLocation: sourceLocation).image
    }

    /// `digit` on clean paper, 200×200, prepared: what the scenes below must come close to.
    func clean(_ digit: Int, pen: Double = 6) throws -> GrayImage {
        var canvas = Canvas(width: 200, height: 200, paper: 235)
        canvas.draw(digit, x: 70, y: 50, width: 60, height: 95, penWidth: pen, ink: 25)
        return try prepared(canvas.image)
    }

    func distance(_ a: GrayImage, _ b: GrayImage) -> Double { differences(a, b).mean }

    /// What the default model reads in `digit`.
    func predicted(_ digit: PreparedDigit) throws -> Prediction {
        let model = try #require(try BuiltInModels.load("default"))
        return Predictor(model: model).predict([digit], workspace: model.makeWorkspace(capacity: 1))[0]
    }

    /// Paper whose level at (x, y) is `level(x, y)`.
    func page(width: Int = 200, height: Int = 200, _ level: (Double, Double) -> Double) -> Canvas {
        var canvas = Canvas(width: width, height: height, paper: 0)
        for y in 0..<height {
            for x in 0..<width { canvas.image[x, y] = UInt8(min(255, max(0, level(Double(x), Double(y)).rounded()))) }
        }
        return canvas
    }

    /// Paper 235 with a shadow band 45% darker over x in [from, to], its edges blurred over `softness` pixels.
    func shadowBand(from: Double, to: Double, softness: Double) -> Canvas {
        page { x, _ in
            let entering: Double = 1 / (1 + exp((from - x) / softness))
            let leaving: Double = 1 / (1 + exp((x - to) / softness))
            return 235 * (1 - 0.45 * entering * leaving)
        }
    }

    // MARK: Morphology

    @Test func runningExtremeIsTheWindowsExtreme() {
        var generator = SeededGenerator(seed: 5)
        for count in [1, 2, 5, 17, 64] {
            let values = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            for radius in [1, 2, 3, 7] {
                for maximum in [false, true] {
                    var result = values   // one column, `count` rows
                    result.withUnsafeMutableBufferPointer { columnExtremes($0.baseAddress!, width: 1, height: count, radius: radius, maximum: maximum) }
                    let expected = values.indices.map { i in
                        let window = values[max(0, i - radius)...min(count - 1, i + radius)]
                        return maximum ? window.max()! : window.min()!
                    }
                    #expect(result == expected, "\(count) values, radius \(radius), maximum \(maximum)")
                }
            }
        }
    }

    @Test func openingRemovesThinInkAndKeepsRampsAndSteps() {
        // A ramp rising to the border and a hard step: both come through an opening unchanged.
        let ramp = page(width: 60, height: 40) { x, _ in 40 + 3 * x }.image
        #expect(ramp.opened(radius: 6) == ramp)
        let step = page(width: 60, height: 40) { x, _ in x < 30 ? 30 : 200 }.image
        #expect(step.opened(radius: 6) == step)
        // A bright line 5 pixels wide on that step is narrower than the square: it goes.
        var lined = step
        for y in 0..<40 { for x in 10..<15 { lined[x, y] = 250 } }
        #expect(lined.opened(radius: 3) == step)
        #expect(lined.opened(radius: 2) == lined, "a square as wide as the line keeps it")
    }

    @Test func aBarAlongTheBorderIsBroadOnlyWhenTheBorderIsRepeated() {
        // A bar 5 pixels thick along the top: repeated outwards it is as thick as the square, and stays.
        var bar = page(width: 40, height: 30) { _, _ in 20 }.image
        for y in 0..<5 { for x in 5..<35 { bar[x, y] = 220 } }
        #expect(bar.opened(radius: 3) == bar)
        #expect(bar.opened(radius: 3, beyond: 20) == page(width: 40, height: 30) { _, _ in 20 }.image)
    }

    @Test(arguments: [(7, 14.0, 0.0), (2, 18.0, 4.0)])
    func aBoldLowResolutionDigitWhoseBarRunsAlongTheBorderKeepsIt(digit: Int, pen: Double, top: Double) throws {
        // A tight crop of a digit 24 pixels tall, enlarged bilinearly: the 7's bar touches the top, the 2's the
        // bottom. With the border repeated outwards the bar is paper: the 7 is read as a 1, the 2 as a 7.
        var canvas = Canvas(width: 96, height: 128, paper: 0)
        canvas.draw(digit, x: 4, y: top, width: 88, height: 124 - top, penWidth: pen, ink: 255)
        let crop = canvas.image.resized(width: 18, height: 24).resized(width: 48, height: 64)
        #expect(try predicted(try #require(preprocessor.prepare(crop))).digit == digit)
    }

    @Test(arguments: [160, 256])
    func aSmallDigitEnlargedToFillAPageSizedFrameKeepsItsBar(side: Int) throws {
        // An 8×8 7 enlarged to a page's size: its strokes are an eighth of the frame wide, its border mostly
        // paper, and its bar along the top is ink, not paper repeated outwards (read 1).
        var canvas = Canvas(width: 128, height: 128, paper: 0)
        canvas.draw(7, x: 20, y: 0, width: 88, height: 128, penWidth: 12, ink: 255)
        let enlarged = canvas.image.resized(width: 8, height: 8).resized(width: side, height: side)
        #expect(try predicted(try #require(preprocessor.prepare(enlarged))).digit == 7)
    }

    // MARK: Levels

    @Test func nearlyBlackImagesAreStretchedToTheFullRange() {
        let counts = GrayImage(width: 4, height: 1, pixels: [0, 4, 8, 16])
        #expect(Levels().stretched(counts).pixels == [0, 64, 128, 255], "a data set's 0-16 counts")
        let photo = GrayImage(width: 4, height: 1, pixels: [0, 4, 8, 32])
        #expect(Levels().stretched(photo) == photo, "bright enough already")
        #expect(Levels().stretched(GrayImage(width: 2, height: 2, filledWith: 0)).pixels == [0, 0, 0, 0])
    }

    @Test(arguments: [false, true])
    func aDigitInSixteenLevelsIsRead(darkInk: Bool) throws {
        // Written as counts (0-16) and enlarged smoothly: without the stretch no stroke stands the grain's 24
        // levels above the paper, the opening stays narrower than the strokes, and nothing is found.
        var canvas = Canvas(width: 90, height: 120, paper: darkInk ? 16 : 0)
        canvas.draw(6, x: 20, y: 15, width: 50, height: 90, penWidth: 14, ink: darkInk ? 0 : 16)
        #expect(try predicted(try #require(preprocessor.prepare(canvas.image))).digit == 6)
    }

    @Test func aNearlyBlackBlankPhotoIsNoDigit() {
        var dark = Canvas(width: 160, height: 120, paper: 10)
        dark.noise(amplitude: 6, seed: 3)
        dark.unevenLight(darkest: 0.5)
        #expect(preprocessor.prepare(dark.image) == nil)
    }

    @Test(arguments: [(5, 205, 1), (3, 200, 3)])
    func aPaleDigitStandsClear(digit: Int, ink: UInt8, blur: Int) throws {
        // 30 levels below paper at 235, sharp; or 35, blurred by shrinking and enlarging: 25-30 clear of the paper's noise.
        var canvas = Canvas(width: 240, height: 200, paper: 235)
        canvas.draw(digit, x: 95, y: 50, width: 50, height: 90, penWidth: 7, ink: ink)
        canvas.noise(amplitude: 3, seed: 5)
        let image = canvas.image.resized(width: 240 / blur, height: 200 / blur).resized(width: 240, height: 200)
        #expect(try predicted(try #require(preprocessor.prepare(image))).digit == digit)
    }

    // MARK: Polarity

    @Test func polarityOfABoldDigitCroppedTightly() {
        // Ink covers half of the crop or more: the tiles' medians sit on the ink, the border (a margin of a
        // pixel or two, as in the reports' crops) does not.
        var crop = Canvas(width: 48, height: 64, paper: 245)
        crop.draw(8, x: 8, y: 7, width: 32, height: 50, penWidth: 12, ink: 20)
        #expect(Double(crop.image.pixels.filter { $0 < 128 }.count) >= 0.4 * 48 * 64)
        #expect(Polarity().isDarkInk(crop.image))
        var chalk = Canvas(width: 48, height: 64, paper: 30)
        chalk.draw(8, x: 8, y: 7, width: 32, height: 50, penWidth: 12, ink: 230)
        #expect(!Polarity().isDarkInk(chalk.image))
    }

    /// A light sheet, tilted, on a dark desk that shows at every side, a thin dark digit on it.
    func sheetOnADesk(_ digit: Int, desk: Double = 70) -> GrayImage {
        var canvas = page(width: 240, height: 240) { x, y in
            let (u, v) = ((x - 120) * 0.96 + (y - 120) * 0.28, (y - 120) * 0.96 - (x - 120) * 0.28)
            return abs(u) < 85 && abs(v) < 95 ? 225 : desk
        }
        canvas.draw(digit, x: 95, y: 75, width: 50, height: 80, penWidth: 4, ink: 35)
        return canvas.image
    }

    @Test func polarityOfASheetOnADesk() throws {
        // Tiles across the sheet's edges hold the sheet as a light minority: the strokes decide instead.
        for desk in [40.0, 70, 110] {
            #expect(Polarity().isDarkInk(sheetOnADesk(4, desk: desk)), "desk at \(desk)")
        }
        #expect(distance(try prepared(sheetOnADesk(4)), try clean(4, pen: 4)) < 12)
    }

    @Test(arguments: [3, 6])
    func polarityOfASmallPhotoOfASheetOnADesk(digit: Int) throws {
        // 120×90, a crop by size: its border is all desk, and the sheet, tilted, covers half of it, which the
        // border alone took for a board's chalk (the sheet was read as a digit).
        var canvas = page(width: 120, height: 90) { x, y in
            let (u, v) = ((x - 60) * 0.94 + (y - 45) * 0.34, (y - 45) * 0.94 - (x - 60) * 0.34)
            return abs(u) < 40 && abs(v) < 34 ? 215 : 75
        }
        canvas.draw(digit, x: 48, y: 22, width: 26, height: 44, penWidth: 3, ink: 40)
        let share = Double(canvas.image.pixels.count { $0 > 145 }) / Double(canvas.image.pixels.count)
        #expect(share > 0.4 && share < 0.55)
        #expect(Polarity().isDarkInkByBorder(canvas.image) == false, "the border alone says light ink")
        #expect(Polarity().isDarkInk(canvas.image))
        #expect(try predicted(try #require(preprocessor.prepare(canvas.image))).digit == digit)
    }

    @Test func polarityOfABoldChalkDigitInASmallCrop() {
        var board = Canvas(width: 90, height: 120, paper: 40)
        board.draw(8, x: 20, y: 14, width: 50, height: 90, penWidth: 12, ink: 200)
        #expect(!Polarity().isDarkInk(board.image))
    }

    @Test func aSheetsEdgeAtASlantIsAPageEdge() {
        // One side of a sheet turned on a desk (in the ink mask, the step from desk to sheet is a thin line),
        // from the top to two-thirds down, 4-5 pixels thick: a photo's was read as a 1 at 100%. Measured along
        // its box's longer side rather than its length, the line seemed thicker than a page's edge.
        var side = Component()
        for y in 0...155 {
            for dx in 0..<(y % 4 == 0 ? 5 : 4) { side.include(x: y * 68 / 155 + dx, y: y) }
        }
        #expect(DigitComponents.isPageEdge(side, width: 320, height: 240))
        // A 1 as tall, its stroke 8 pixels wide, is none.
        var one = Component()
        for y in 40...195 {
            for dx in 0..<8 { one.include(x: 150 + (195 - y) * 20 / 155 + dx, y: y) }
        }
        #expect(!DigitComponents.isPageEdge(one, width: 320, height: 240))
    }

    @Test func aDesksGrainIsNoDigit() throws {
        // Grain in blocks of 4 pixels, ±35 levels, on the desk around the sheet: blobs as wide as strokes, one
        // of them larger than the digit and beside it, at the border.
        var generator = SeededGenerator(seed: 9)
        let grain = (0..<(60 * 60)).map { _ in Int(generator.next() % 71) - 35 }
        var canvas = page(width: 240, height: 240) { x, y in
            let (u, v) = ((x - 120) * 0.96 + (y - 120) * 0.28, (y - 120) * 0.96 - (x - 120) * 0.28)
            return abs(u) < 85 && abs(v) < 95 ? 225 : Double(110 + grain[Int(y) / 4 * 60 + Int(x) / 4])
        }
        canvas.draw(4, x: 95, y: 75, width: 50, height: 80, penWidth: 4, ink: 35)
        #expect(distance(try prepared(canvas.image), try clean(4, pen: 4)) < 12)
    }

    @Test func polarityOfSmallDigitsUnderALampsSpot() {
        // Gray paper, a lamp's bright spot beside a row of small dark digits: the page's light extreme is the
        // spot, broad, not ink (its histogram alone says light ink); the digits' strokes are the thin things.
        var canvas = page(width: 320, height: 230) { x, y in
            let (dx, dy) = ((x - 230) / 45, (y - 130) / 40)
            return 140 + 110 * exp(-(dx * dx + dy * dy))
        }
        for (index, digit) in [1, 7, 7, 4, 1, 6, 3, 1].enumerated() {
            canvas.draw(digit, x: 90 + 17 * Double(index), y: 80, width: 13, height: 20, penWidth: 2, ink: 70)
        }
        let darkInk = Polarity().isDarkInk(canvas.image)
        #expect(darkInk)
    }

    @Test(arguments: [12, 15])
    func polarityOfAFineGridOfSquaredPaper(spacing: Int) throws {
        // Squares 4-5 pixels wide at the measuring size, under uneven light: there its paper is the thin light
        // things, and the digit's ink was taken for the paper (its squares came out as ink, and a 7 as a 0).
        var squared = Canvas(width: 240, height: 320, paper: 232)
        for line in stride(from: 4, to: 318, by: spacing) {
            for x in 0..<240 { (squared.image[x, line], squared.image[x, line + 1]) = (185, 185) }
            if line < 238 { for y in 0..<320 { (squared.image[line, y], squared.image[line + 1, y]) = (185, 185) } }
        }
        squared.draw(7, x: 120, y: 190, width: 45, height: 70, penWidth: 4, ink: 30)
        squared.unevenLight(darkest: 0.7)
        squared.noise(amplitude: 8, seed: 3)
        let darkInk = Polarity().isDarkInk(squared.image)
        #expect(darkInk, "squares every \(spacing) px")
    }

    @Test(arguments: [4, 8])
    func polarityOfABoldDigitFillingAShadedPage(digit: Int) throws {
        // Strokes a seventh of the digit's height on paper darkening towards one side: too bold for the thinness
        // test, which finds only the narrow gaps of the digit's counters, light and few, and took them for ink.
        var shaded = page(width: 320, height: 245) { x, _ in 225 - 100 * (1 - x / 320) }
        shaded.draw(digit, x: 90, y: 20, width: 150, height: 205, penWidth: 30, ink: 50)
        let darkInk = Polarity().isDarkInk(shaded.image)
        #expect(darkInk)
        let prediction = try predicted(try #require(preprocessor.prepare(shaded.image), "no digit found"))
        #expect(prediction.digit == digit, "\(prediction)")
    }

    @Test func polarityOfChalkOnABoard() {
        var board = Canvas(width: 200, height: 160, paper: 45)
        board.draw(3, x: 70, y: 30, width: 55, height: 90, penWidth: 6, ink: 225)
        #expect(!Polarity().isDarkInk(board.image))
    }

    @Test func polarityOfABoldChalkDigitFillingAPhoto() {
        // Strokes a sixth of the digit's height: too bold for the thinness test, which finds only the few dark
        // pixels between them; the border, the tiles and the histogram all say light ink.
        var board = Canvas(width: 300, height: 210, paper: 40)
        board.draw(8, x: 80, y: 15, width: 140, height: 180, penWidth: 32, ink: 170)
        let darkInk = Polarity().isDarkInk(board.image)
        #expect(!darkInk)
    }

    // MARK: Paper and shadow

    @Test(arguments: [2.0, 8.0, 20.0])
    func shadowBandsAreNotInk(softness: Double) throws {
        // A hand's shadow across the page: its edges once read as a confident 1.
        #expect(preprocessor.prepare(shadowBand(from: 60, to: 140, softness: softness).image) == nil, "blank, band softness \(softness)")
        var shaded = shadowBand(from: 120, to: 260, softness: softness)
        shaded.draw(5, x: 70, y: 50, width: 60, height: 95, penWidth: 6, ink: 25)
        let gap = distance(try prepared(shaded.image), try clean(5))
        #expect(gap < 6, "digit across a band's edge, softness \(softness): distance \(gap)")
    }

    /// Paper 235, `width`×`height`, with a band 45% darker, `bandWidth` wide, through (x, y) at `angle` degrees
    /// from the horizontal, its edges blurred over `softness` pixels: a pen's or a finger's shadow.
    func narrowShadowBand(width: Int = 320, height: Int = 240, through point: (x: Double, y: Double) = (160, 120),
                          angle: Double, bandWidth: Double = 40, softness: Double) -> Canvas {
        let (sine, cosine) = (sin(angle * .pi / 180), cos(angle * .pi / 180))
        return page(width: width, height: height) { x, y in
            let across = abs((x - point.x) * sine - (y - point.y) * cosine)
            return 235 * (1 - 0.45 / (1 + exp((across - bandWidth / 2) / softness)))
        }
    }

    // Bands only a few strokes wide, which the paper's opening keeps: on a blank page they passed for a
    // stroke, read as a 1 at 99%.
    @Test(arguments: [(0.0, 2.0), (62.0, 2.0), (-35.0, 6.0), (90.0, 6.0)])
    func aNarrowShadowBandAcrossABlankPageIsNoDigit(angle: Double, softness: Double) {
        let band = narrowShadowBand(angle: angle, softness: softness)
        let blank = preprocessor.prepare(band.image) == nil
        #expect(blank, "band at \(angle)°, softness \(softness)")
    }

    @Test(arguments: [(1, -30.0, 1.0), (1, 20.0, 1.0), (4, -25.0, 1.0), (2, 40.0, 3.0), (7, 30.0, 1.0)])
    func aDigitWrittenAcrossANarrowShadowBandIsKeptWhole(digit: Int, angle: Double, softness: Double) throws {
        // A bold digit, whose strokes make the paper's opening wider than the band: the band stays, and joins the
        // digit into one component. What lies beside the band is the digit's, and so is what lies on it, darker
        // than the shadow. Before, the band came out as the digit's biggest stroke.
        var shaded = narrowShadowBand(width: 240, height: 320, through: (120, 160), angle: angle, bandWidth: 30, softness: softness)
        shaded.draw(digit, x: 80, y: 100, width: 80, height: 120, penWidth: 12, ink: 25)
        var clean = Canvas(width: 200, height: 200, paper: 235)
        clean.draw(digit, x: 70, y: 50, width: 63, height: 95, penWidth: 12 * 0.8, ink: 25)
        let gap = distance(try prepared(shaded.image), try prepared(clean.image))
        #expect(gap < 8, "\(digit) across a band at \(angle)°: distance \(gap)")
    }

    @Test(arguments: [false, true])
    func aOneFillingItsFrameIsNoShadowBand(black: Bool) throws {
        // As straight, even and long as a band, from side to side: a marker's 1 is black, and a blurred 1
        // enlarged from a thumbnail is no darker than a shadow, but alone it stops short of the sides.
        var frame = Canvas(width: 110, height: 110, paper: 240)
        if black {
            frame.drawPolyline([(58, -4), (52, 114)], penWidth: 20, ink: 10)
        } else {
            frame.drawPolyline([(58, 18), (52, 92)], penWidth: 22, ink: 120)
        }
        let blurred = frame.image.filteredAlongRowsThenColumns { value, position, length in
            UInt8((-3...3).map { Int(value(min(max(position + $0, 0), length - 1))) }.reduce(0, +) / 7)
        }
        let found = preprocessor.prepare(blurred)
        let digit = try #require(found, "taken for a shadow's band")
        let prediction = try predicted(digit)
        #expect(prediction.digit == 1, "\(prediction)")
    }

    @Test(arguments: [1, 4, 7])
    func aDigitOfEightByEightPixelsEnlargedTo128IsNoShadowBand(digit: Int) throws {
        // A small-digit data set's 8×8 digit enlarged bilinearly: its strokes are bars a quarter of the frame
        // wide from top to bottom, as straight and even as a finger's shadow across a page (read 9, 3 and 1).
        var canvas = Canvas(width: 128, height: 128, paper: 0)
        canvas.draw(digit, x: 24, y: 4, width: 80, height: 120, penWidth: 16, ink: 255)
        let enlarged = canvas.image.resized(width: 8, height: 8).resized(width: 128, height: 128)
        #expect(try predicted(try #require(preprocessor.prepare(enlarged))).digit == digit)
    }

    @Test(arguments: [7, 8])
    func aDigitOfEightByEightPixelsEnlargedTo256IsNoShadowBand(digit: Int) throws {
        // A page's size, where bands are looked for: the bar of the 7 and the 8's column of loops are not as
        // deep all along as a shadow is (read 1 and 6).
        var canvas = Canvas(width: 128, height: 128, paper: 0)
        canvas.draw(digit, x: 24, y: 4, width: 80, height: 120, penWidth: 16, ink: 255)
        let enlarged = canvas.image.resized(width: 8, height: 8).resized(width: 256, height: 256)
        #expect(try predicted(try #require(preprocessor.prepare(enlarged))).digit == digit)
    }

    @Test func aBlurredDigitFillingItsFrameIsNoShadowBand() throws {
        // A 3 from side to side of its frame, blurred and no darker than a shadow: straight and even in half of
        // its slices, its middle stroke sticking out. But what sticks out is no darker than the rest.
        var frame = Canvas(width: 180, height: 180, paper: 235)
        frame.draw(3, x: -20, y: -5, width: 190, height: 190, penWidth: 18, ink: 110)
        var blurred = frame.image
        for _ in 0..<2 {
            blurred = blurred.filteredAlongRowsThenColumns { value, position, length in
                UInt8((-4...4).map { Int(value(min(max(position + $0, 0), length - 1))) }.reduce(0, +) / 9)
            }
        }
        let found = preprocessor.prepare(blurred)
        let digit = try #require(found, "taken for a shadow's band")
        let prediction = try predicted(digit)
        #expect(prediction.digit == 3 && prediction.confidence > 0.5, "\(prediction)")
    }

    @Test(arguments: [60.0, 120.0])
    func aLampsSpotOnADarkPageIsNoDigit(reach: Double) {
        // Light ink's polarity (the page is mostly dark), and a broad bright hump: its top, cut by a wide
        // opening and magnified as if it were ink on shaded paper, read as a confident 0.
        let spot = page { x, y in 40 + 190 / pow(1 + ((x - 100) * (x - 100) + (y - 100) * (y - 100)) / (reach * reach), 2) }
        #expect(preprocessor.prepare(spot.image) == nil)
    }

    @Test func theOpeningIsWiderThanTheStrokes() {
        for pen in [3.0, 8.0, 16.0] {
            var canvas = Canvas(width: 200, height: 200, paper: 0)
            canvas.draw(0, x: 50, y: 30, width: 90, height: 140, penWidth: pen, ink: 220)
            let radius = InkGranulometry(canvas.image).openingRadius
            #expect(Double(2 * radius + 1) > pen, "pen \(pen): radius \(radius)")
            #expect(radius <= max(8, Int(2 * pen)), "pen \(pen): radius \(radius), no wider than needed")
        }
    }

    @Test(arguments: [false, true])
    func boldDigitsCroppedTightlyStayFilled(blurred: Bool) throws {
        var crop = Canvas(width: 48, height: 64, paper: 245)
        crop.draw(8, x: 6, y: 5, width: 36, height: 54, penWidth: 13, ink: 20)
        var image = crop.image
        if blurred {
            image = image.filteredAlongRowsThenColumns { value, position, length in
                UInt8((-2...2).map { Int(value(min(max(position + $0, 0), length - 1))) }.reduce(0, +) / 5)
            }
        }
        // The digit as the components stage gives it: as much ink as was drawn, where paper levels taken
        // from the ink itself left only an outline, an 8 read as a thin ring.
        var digit: GrayImage?
        _ = try #require(preprocessor.prepare(image) { step, stage in if step == .digit { digit = stage } })
        let found = try #require(digit)
        let drawn = crop.image.pixels.filter { $0 < 128 }.count
        let kept = found.pixels.filter { $0 > 128 }.count
        #expect(Double(kept) > 0.85 * Double(drawn), "\(kept) ink pixels of \(drawn) drawn")
    }

    // MARK: Stroke width

    @Test func narrowingThinsStrokesAtTheCropsEdgeToo() {
        // A blob pressed flat against its crop's edges, as a blurred low-resolution digit is: a min filter cut
        // off at the edge kept the ink along it, and the digit came out with bars to every side.
        var blob = GrayImage(width: 31, height: 31, filledWith: 0)
        for y in 0..<31 {
            for x in 0..<31 where min(x, 30 - x) + min(y, 30 - y) >= 4 { blob[x, y] = 255 }
        }
        let narrowed = StrokeWidth().morphed(blob, radius: 4, widen: false)
        #expect(narrowed.width <= 23 && narrowed.height <= 23, "\(narrowed.width)×\(narrowed.height)")
        #expect(narrowed[narrowed.width / 2, narrowed.height / 2] == 255)
    }

    @Test func aBlurredRingIsNarrowedNoFurtherThanItsInk() {
        // A 0 drawn 4 px wide in a 30 px crop, then blurred as an enlarged thumbnail is: it stands above the
        // threshold three times as wide as it was drawn. Narrowed by that width, it was eroded to its outline.
        var ring = GrayImage(width: 30, height: 30, filledWith: 0)
        for y in 0..<30 {
            for x in 0..<30 where abs(((Double(x) - 14.5) * (Double(x) - 14.5) + (Double(y) - 14.5) * (Double(y) - 14.5)).squareRoot() - 9) <= 2 {
                ring[x, y] = 255
            }
        }
        var blurred = ring
        for _ in 0..<2 {
            blurred = blurred.filteredAlongRowsThenColumns { value, position, length in
                UInt8((-3...3).map { Int(value(min(max(position + $0, 0), length - 1))) }.reduce(0, +) / 7)
            }
        }
        let normalised = StrokeWidth().normalised(blurred, threshold: 30)
        // Every way out from the middle still crosses the ring's ink.
        let (centreX, centreY) = (Double(normalised.width - 1) / 2, Double(normalised.height - 1) / 2)
        let brokenRays = (0..<16).filter { ray in
            let angle = Double(ray) * .pi / 8
            return !(0..<15).contains { step in
                let (x, y) = (Int((centreX + Double(step) * cos(angle)).rounded()), Int((centreY + Double(step) * sin(angle)).rounded()))
                return x >= 0 && y >= 0 && x < normalised.width && y < normalised.height && normalised[x, y] > 100
            }
        }
        #expect(brokenRays.isEmpty, "the ring is gone at \(brokenRays.count) of 16 angles")
    }

    // MARK: Ink mask

    @Test func ruledLinesAreNotInk() throws {
        var ruled = Canvas(width: 240, height: 240, paper: 240)
        for y in stride(from: 12, to: 240, by: 22) {
            for x in 0..<240 { ruled.image[x, y] = 170; ruled.image[x, y + 1] = 170 }
        }
        let blank = ruled.image
        #expect(preprocessor.prepare(blank) == nil, "a blank ruled page")
        ruled.draw(7, x: 80, y: 60, width: 60, height: 95, penWidth: 6, ink: 25)
        let inkHigh = Polarity().inkHigh(ruled.image).image
        let ink = try #require(InkMask().mask(PaperAndShadow().flattened(inkHigh, paper: PaperAndShadow().paper(inkHigh), darkInk: true)))
        // Far from the digit, no line is left in the mask.
        #expect(!(0..<240).contains { ink.mask[12 * 240 + $0] && ($0 < 60 || $0 > 160) })
        #expect(distance(try prepared(ruled.image), try clean(7)) < 8)
    }

    @Test func aBarLyingAlongARuleIsNoRule() throws {
        // A rule across the page (flattened, 60) that a 7 (220) is written on, its bar lying along the rule as
        // thin as it: the bar's columns hold no more ink than the rule's, and went with it (a 1, or a 9 as a 4).
        var ink = GrayImage(width: 200, height: 120, filledWith: 0)
        for x in 0..<200 { (ink[x, 40], ink[x, 41]) = (60, 60) }
        for x in 80...120 { for y in 40...42 { ink[x, y] = 220 } }
        for y in 43...100 {
            let x = 120 - (y - 43) * 25 / 57
            for dx in -1...1 { ink[x + dx, y] = 220 }
        }
        let found = InkMask.Result(ink: ink, threshold: 30, mask: ink.pixels.map { $0 > 30 }, rules: [])
        let (labels, components) = RuleStripping().components(found)
        let label = Int(labels[90 * 200 + 99])
        try #require(label >= 0, "the 7's stroke went")
        let seven = components[label]
        #expect(seven.minY <= 40 && seven.minX <= 80 && seven.maxX >= 120, "\(seven)")
        // The rule itself went.
        #expect(labels[40 * 200 + 20] < 0 && labels[41 * 200 + 180] < 0)
    }

    /// A pencil digit no darker than the ruled lines it crosses: the lines InkMask took out are no paper, or
    /// the digit would not stand clear of them and the page would pass for blank.
    @Test func aPaleDigitOnDarkRulesStandsClear() throws {
        var ruled = Canvas(width: 240, height: 240, paper: 240)
        for y in stride(from: 12, to: 240, by: 22) {
            for x in 0..<240 { ruled.image[x, y] = 150; ruled.image[x, y + 1] = 150 }
        }
        ruled.draw(7, x: 80, y: 60, width: 60, height: 95, penWidth: 5, ink: 150)
        let found = preprocessor.prepare(ruled.image)
        let digit = try #require(found, "taken for a blank page")
        let prediction = try predicted(digit)
        #expect(prediction.digit == 7 && prediction.confidence > 0.9, "\(prediction)")
    }

    // MARK: The stages together

    @Test func everyStageIsShownInOrder() throws {
        var canvas = Canvas(width: 160, height: 120, paper: 230)
        canvas.draw(2, x: 60, y: 20, width: 45, height: 75, penWidth: 5, ink: 30)
        var shown: [PreprocessingStep] = []
        var last: GrayImage?
        let result = try #require(preprocessor.prepare(canvas.image) { step, image in
            shown.append(step)
            last = image
        })
        #expect(shown == PreprocessingStep.allCases)
        #expect(last == result.image)
        #expect(PreprocessingStep.paper.fileName == "3-paper.png")

        // MNIST passes straight through; a blank page stops where it was found blank.
        var mnist = Canvas(width: 28, height: 28, paper: 0)
        mnist.draw(3, x: 8, y: 4, width: 12, height: 20, penWidth: 2.5, ink: 255)
        shown = []
        _ = preprocessor.prepare(mnist.image) { step, _ in shown.append(step) }
        #expect(shown == [.fitted])
        shown = []
        #expect(preprocessor.prepare(Canvas(width: 160, height: 120, paper: 230).image) { step, _ in shown.append(step) } == nil)
        #expect(shown == [.gray, .inkHigh, .paper, .flattened])
    }

    /// The kept-neighbourhood mask that the ink crop and the clear-of-paper test read: each pixel of the box is
    /// kept, or next to kept, exactly when the definition says, at the image's edges too.
    @Test(arguments: [(0, 0, 9, 6), (3, 2, 7, 5), (5, 3, 9, 6)])
    func keptNeighbourhoodIsTheThreeByThreeDefinition(minX: Int, minY: Int, maxX: Int, maxY: Int) {
        let (width, height) = (10, 7)
        var generator = SeededGenerator(seed: UInt64(minX * 10 + minY))
        let isKept = (0..<width * height).map { _ in Int.random(in: 0..<5, using: &generator) == 0 }
        var box = Component()
        box.include(x: minX, y: minY)
        box.include(x: maxX, y: maxY)
        let mask = KeptNeighbourhood(box, width: width, height: height) { isKept[$1 * width + $0] }
        for y in minY...maxY {
            for x in minX...maxX {
                let near = (max(0, y - 1)...min(height - 1, y + 1)).contains { ny in
                    (max(0, x - 1)...min(width - 1, x + 1)).contains { nx in isKept[ny * width + nx] }
                }
                #expect(mask.isKept(x, y) == isKept[y * width + x], "(\(x), \(y))")
                #expect(mask.touchesKept(x, y) == near, "(\(x), \(y))")
            }
        }
    }
}
