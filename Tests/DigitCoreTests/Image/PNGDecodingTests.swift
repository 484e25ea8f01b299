import DigitCore
import Testing

@Suite struct PNGDecodingTests {
    let width = 19, height = 13   // odd sizes exercise partial bytes and Adam7's uneven passes

    /// Expected gray of a sample at `bitDepth`, scaled to 8 bits as libpng does.
    func eightBit(_ sample: Int, bitDepth: Int) -> UInt8 {
        bitDepth == 16 ? UInt8((sample * 255 + 32767) / 65535) : UInt8(sample * 255 / ((1 << bitDepth) - 1))
    }

    func grayRamp(bitDepth: Int) -> [UInt16] {
        let top = (1 << bitDepth) - 1
        return (0..<width * height).map { UInt16(($0 * 7919) % (top + 1)) }
    }

    @Test(arguments: [1, 2, 4, 8, 16], [false, true])
    func grayAtEveryBitDepth(bitDepth: Int, interlaced: Bool) throws {
        let samples = grayRamp(bitDepth: bitDepth)
        let file = try Fixtures.png(samples: samples, width: width, height: height, colorType: 0,
                                    bitDepth: Int32(bitDepth), interlaced: interlaced)
        let image = try ImageDecoder.decode(file)
        #expect(image.width == width && image.height == height)
        #expect(image.pixels == samples.map { eightBit(Int($0), bitDepth: bitDepth) })
    }

    @Test(arguments: [8, 16], [false, true])
    func neutralRGBKeepsItsGray(bitDepth: Int, interlaced: Bool) throws {
        let gray = grayRamp(bitDepth: bitDepth)
        let samples = gray.flatMap { [$0, $0, $0] }
        let file = try Fixtures.png(samples: samples, width: width, height: height, colorType: 2,
                                    bitDepth: Int32(bitDepth), interlaced: interlaced)
        let image = try ImageDecoder.decode(file)
        let expected = gray.map { eightBit(Int($0), bitDepth: bitDepth) }
        #expect(differences(image, GrayImage(width: width, height: height, pixels: expected)).max <= 1)
    }

    @Test func colourBecomesLuminance() throws {
        // Pure red, green and blue: ITU-R BT.709 weights 0.2126, 0.7152, 0.0722, as libpng uses.
        let samples: [UInt16] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        let image = try ImageDecoder.decode(try Fixtures.png(samples: samples, width: 3, height: 1, colorType: 2, bitDepth: 8))
        let expected = [54, 182, 18]
        for (value, target) in zip(image.pixels, expected) { #expect(abs(Int(value) - target) <= 2) }
    }

    @Test(arguments: [1, 2, 4, 8])
    func paletteAtEveryBitDepth(bitDepth: Int) throws {
        let entries = min(1 << bitDepth, 16)
        let palette = (0..<entries).flatMap { index -> [UInt8] in let g = UInt8(index * 255 / (entries - 1)); return [g, g, g] }
        let indices = (0..<width * height).map { UInt16($0 % entries) }
        let file = try Fixtures.png(samples: indices, width: width, height: height, colorType: 3,
                                    bitDepth: Int32(bitDepth), interlaced: bitDepth == 4, palette: palette)
        let image = try ImageDecoder.decode(file)
        #expect(image.pixels == indices.map { palette[3 * Int($0)] })
    }

    @Test func paletteWithTransparency() throws {
        // Entry 0 is a fully transparent canvas, entry 1 an opaque black stroke.
        let palette: [UInt8] = [255, 255, 255, 0, 0, 0]
        let indices = (0..<width * height).map { UInt16($0 % 5 == 0 ? 1 : 0) }
        let file = try Fixtures.png(samples: indices, width: width, height: height, colorType: 3, bitDepth: 8,
                                    palette: palette, transparency: [0, 255])
        let image = try ImageDecoder.decode(file)
        #expect(image.pixels == indices.map { $0 == 1 ? 0 : 255 })
    }

    @Test func grayWithTransparentSampleValue() throws {
        let samples = (0..<width * height).map { UInt16($0 % 3 == 0 ? 200 : 7) }   // 7 is transparent
        let file = try Fixtures.png(samples: samples, width: width, height: height, colorType: 0, bitDepth: 8,
                                    transparentGray: 7)
        let image = try ImageDecoder.decode(file)
        // Light strokes (200) on a transparent canvas: the canvas turns black.
        #expect(image.pixels == samples.map { $0 == 200 ? 200 : 0 })
    }

    /// A stroke mask: a thick diagonal bar, as a digit "1" would be.
    func strokeMask() -> [Bool] {
        (0..<width * height).map { index in abs(index % width - index / width - 3) <= 2 }
    }

    @Test(arguments: [8, 16], [(0, "black strokes"), (255, "white strokes")])
    func opaqueStrokesOnTransparentCanvasStayVisible(bitDepth: Int, stroke: (gray: Int, name: String)) throws {
        let top = (1 << bitDepth) - 1
        let strokeValue = stroke.gray * top / 255
        for colorType: Int32 in [4, 6] {   // gray + alpha, RGBA
            // The transparent canvas keeps the stroke's own colour, as canvas exports do.
            let colour = [UInt16](repeating: UInt16(strokeValue), count: colorType == 4 ? 1 : 3)
            let samples: [UInt16] = strokeMask().flatMap { isStroke in colour + [isStroke ? UInt16(top) : 0] }
            let file = try Fixtures.png(samples: samples, width: width, height: height, colorType: colorType,
                                        bitDepth: Int32(bitDepth), interlaced: colorType == 6)
            let image = try ImageDecoder.decode(file)
            let strokes = zip(image.pixels, strokeMask()).filter { $0.1 }.map { Int($0.0) }
            let canvas = zip(image.pixels, strokeMask()).filter { !$0.1 }.map { Int($0.0) }
            #expect(strokes.allSatisfy { abs($0 - stroke.gray) <= 1 }, "\(stroke.name), colour type \(colorType)")
            #expect(canvas.allSatisfy { abs($0 - (255 - stroke.gray)) <= 1 }, "\(stroke.name), colour type \(colorType)")
        }
    }

    @Test func antialiasedEdgesBlendWithTheCanvas() throws {
        // Black ink at half coverage on a transparent canvas is mid-grey on white paper.
        let samples: [UInt16] = [0, 255, 0, 128, 0, 0]
        let image = try ImageDecoder.decode(try Fixtures.png(samples: samples, width: 3, height: 1, colorType: 4, bitDepth: 8))
        #expect(image.pixels[0] == 0)
        #expect(abs(Int(image.pixels[1]) - 127) <= 1)
        #expect(image.pixels[2] == 255)
    }

    @Test func opaqueAlphaChannelIsIgnored() throws {
        let gray = grayRamp(bitDepth: 8)
        let samples: [UInt16] = gray.flatMap { [$0, 255] }
        let image = try ImageDecoder.decode(try Fixtures.png(samples: samples, width: width, height: height, colorType: 4, bitDepth: 8))
        #expect(image.pixels == gray.map(UInt8.init))
    }

    @Test func exifOrientationInPNG() throws {
        let upright = Fixtures.pattern(width: 6, height: 4)
        // Stored turned 90° counter-clockwise; orientation 6 says "turn it clockwise to view".
        let stored = upright.applying(.left)
        let file = try Fixtures.png(samples: stored.pixels.map(UInt16.init), width: stored.width, height: stored.height,
                                    colorType: 0, bitDepth: 8, exif: Fixtures.exif(orientation: 6))
        #expect(try ImageDecoder.decode(file) == upright)
    }
}
