import CLibJPEG
import DigitCore
import Testing

@Suite struct JPEGDecodingTests {
    let pattern = Fixtures.pattern(width: 67, height: 45)

    func expectClose(_ image: GrayImage, _ reference: GrayImage, meanTolerance: Double = 2.5, maxTolerance: Int = 24,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(image.width == reference.width && image.height == reference.height, sourceLocation: sourceLocation)
        guard image.width == reference.width && image.height == reference.height else { return }
        let (largest, mean) = differences(image, reference)
        #expect(mean <= meanTolerance, "mean difference \(mean)", sourceLocation: sourceLocation)
        #expect(largest <= maxTolerance, "largest difference \(largest)", sourceLocation: sourceLocation)
    }

    @Test(arguments: [false, true])
    func grayscale(progressive: Bool) throws {
        let file = try Fixtures.jpeg(samples: pattern.pixels, width: pattern.width, height: pattern.height,
                                     components: 1, fileColorSpace: JCS_GRAYSCALE, progressive: progressive)
        expectClose(try ImageDecoder.decode(file), pattern)
    }

    @Test(arguments: [(1, 1), (2, 1), (1, 2), (2, 2)] as [(Int32, Int32)], [false, true])
    func yCbCrAtEverySubsampling(sampling: (Int32, Int32), progressive: Bool) throws {
        // A neutral RGB image: its luma is the pattern itself.
        let rgb = pattern.pixels.flatMap { [$0, $0, $0] }
        let file = try Fixtures.jpeg(samples: rgb, width: pattern.width, height: pattern.height, components: 3,
                                     fileColorSpace: JCS_YCbCr, progressive: progressive, lumaSampling: sampling)
        expectClose(try ImageDecoder.decode(file), pattern)
    }

    @Test func colourBecomesLuma() throws {
        // Pure red, green, blue blocks: JPEG's luma weights are 0.299, 0.587, 0.114.
        let size = 16
        var rgb = [UInt8]()
        for _ in 0..<size { for x in 0..<3 * size { rgb += x < size ? [255, 0, 0] : x < 2 * size ? [0, 255, 0] : [0, 0, 255] } }
        let file = try Fixtures.jpeg(samples: rgb, width: 3 * size, height: size, components: 3, fileColorSpace: JCS_YCbCr)
        let image = try ImageDecoder.decode(file)
        for (block, luma) in [76, 150, 29].enumerated() {
            #expect(abs(Int(image[block * size + size / 2, size / 2]) - luma) <= 4)
        }
    }

    @Test(arguments: [false, true])
    func restartMarkers(progressive: Bool) throws {
        let file = try Fixtures.jpeg(samples: pattern.pixels, width: pattern.width, height: pattern.height, components: 1,
                                     fileColorSpace: JCS_GRAYSCALE, progressive: progressive, restartInterval: 2)
        // Each restart marker is FF D0 ... FF D7; there must be some for this test to mean anything.
        #expect(zip(file, file.dropFirst()).contains { $0 == 0xFF && (0xD0...0xD7).contains($1) })
        expectClose(try ImageDecoder.decode(file), pattern)
    }

    /// A black digit-like bar on white paper, as inverted Adobe CMYK: 255 means no ink.
    func adobeCMYK(inkInBlack: Bool) -> (samples: [UInt8], expected: GrayImage) {
        var expected = GrayImage(width: 32, height: 24, filledWith: 255)
        var samples = [UInt8]()
        for y in 0..<24 {
            for x in 0..<32 {
                let isInk = (12...19).contains(x) && (4...19).contains(y)
                if isInk { expected[x, y] = 0 }
                // Rich black from the K channel alone, or from C, M and Y together.
                samples += !isInk ? [255, 255, 255, 255] : inkInBlack ? [255, 255, 255, 0] : [0, 0, 0, 255]
            }
        }
        return (samples, expected)
    }

    @Test(arguments: [JCS_CMYK, JCS_YCCK], [true, false])
    func adobeCMYKHasTheRightPolarity(colorSpace: J_COLOR_SPACE, inkInBlack: Bool) throws {
        let (samples, expected) = adobeCMYK(inkInBlack: inkInBlack)
        let file = try Fixtures.jpeg(samples: samples, width: 32, height: 24, components: 4, fileColorSpace: colorSpace)
        let image = try ImageDecoder.decode(file)
        #expect(image[2, 2] > 240, "paper must stay light")
        #expect(image[15, 12] < 15, "ink must stay dark")
        expectClose(image, expected, meanTolerance: 6, maxTolerance: 160)   // ringing at the bar's hard edges
    }

    @Test func dctScalingKeepsTheShortSideAboveTheRequest() throws {
        let large = Fixtures.pattern(width: 800, height: 600)
        let file = try Fixtures.jpeg(large, quality: 90)
        // 600 / 8 = 75 is below 100, 600 / 4 = 150 is not: a quarter-size decode.
        let image = try ImageDecoder.decode(file, options: DecodeOptions(minimumShortSide: 100))
        #expect(image.width == 200 && image.height == 150)
        // The quarter-size pixels are the block means of the full-size image.
        let full = try ImageDecoder.decode(file)
        let y = 75, x = 100
        var sum = 0
        for dy in 0..<4 { for dx in 0..<4 { sum += Int(full[4 * x + dx, 4 * y + dy]) } }
        #expect(abs(Int(image[x, y]) - sum / 16) <= 3)
        // An image not much larger than asked for is decoded whole: 45 / 2 is below 32.
        let small = try ImageDecoder.decode(try Fixtures.jpeg(pattern), options: DecodeOptions(minimumShortSide: 32))
        #expect(small.width == pattern.width)
    }

    @Test(arguments: [1, 3] as [Int32])
    func progressiveEighthSizeReadsOnlyTheDCScans(components: Int32) throws {
        let large = Fixtures.pattern(width: 640, height: 480)
        let samples = components == 1 ? large.pixels : large.pixels.flatMap { [$0, $0, $0] }
        let file = try Fixtures.jpeg(samples: samples, width: 640, height: 480, components: components,
                                     fileColorSpace: components == 1 ? JCS_GRAYSCALE : JCS_YCbCr, progressive: true)
        let eighth = try ImageDecoder.decode(file, options: DecodeOptions(minimumShortSide: 60))
        #expect(eighth.width == 80 && eighth.height == 60)
        // Each pixel is the mean of its 8×8 block in the full-size image.
        let full = try ImageDecoder.decode(file)
        var means = GrayImage(width: 80, height: 60, filledWith: 0)
        for y in 0..<60 {
            for x in 0..<80 {
                var sum = 0
                for dy in 0..<8 { for dx in 0..<8 { sum += Int(full[8 * x + dx, 8 * y + dy]) } }
                means[x, y] = UInt8((sum + 32) / 64)
            }
        }
        expectClose(eighth, means, meanTolerance: 1.5, maxTolerance: 6)
        // Cut after the DC scans, the file is still refused as truncated.
        let cut = Array(file.prefix(file.count * 3 / 4))
        #expect(throws: ImageDecodingError.corrupt(.jpeg, reason: "Premature end of JPEG file")) {
            try ImageDecoder.decode(cut, options: DecodeOptions(minimumShortSide: 60))
        }
    }
}
