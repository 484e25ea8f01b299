import DigitCore
import Testing

@Suite struct ExifOrientationTests {
    enum Corner { case topLeft, topRight, bottomLeft, bottomRight }

    /// Where the stored image's top-left and top-right corners appear once upright, from the EXIF
    /// specification's description of each value (which side the 0th row and 0th column are on).
    static let cornersWhenUpright: [(orientation: Int, topLeft: Corner, topRight: Corner)] = [
        (1, .topLeft, .topRight),
        (2, .topRight, .topLeft),
        (3, .bottomRight, .bottomLeft),
        (4, .bottomLeft, .bottomRight),
        (5, .topLeft, .bottomLeft),
        (6, .topRight, .bottomRight),
        (7, .bottomRight, .topRight),
        (8, .bottomLeft, .topLeft),
    ]

    /// 48×32 stored image, mid-grey, with a white block in its top-left corner and a black one in its top-right.
    static func storedImage() -> GrayImage {
        var image = GrayImage(width: 48, height: 32, filledWith: 128)
        for y in 0..<8 {
            for x in 0..<8 {
                image[x, y] = 255
                image[47 - x, y] = 0
            }
        }
        return image
    }

    static func value(at corner: Corner, of image: GrayImage) -> UInt8 {
        switch corner {
        case .topLeft: image[3, 3]
        case .topRight: image[image.width - 4, 3]
        case .bottomLeft: image[3, image.height - 4]
        case .bottomRight: image[image.width - 4, image.height - 4]
        }
    }

    @Test(arguments: cornersWhenUpright, [false, true])
    func jpegIsUprightForEveryOrientation(expectation: (orientation: Int, topLeft: Corner, topRight: Corner), bigEndian: Bool) throws {
        let stored = Self.storedImage()
        let file = try Fixtures.jpeg(stored, exif: Fixtures.exif(orientation: expectation.orientation, bigEndian: bigEndian))
        let image = try ImageDecoder.decode(file)
        let turnsSideways = expectation.orientation >= 5
        #expect(image.width == (turnsSideways ? 32 : 48) && image.height == (turnsSideways ? 48 : 32))
        #expect(Self.value(at: expectation.topLeft, of: image) > 230)
        #expect(Self.value(at: expectation.topRight, of: image) < 25)
    }

    @Test func orientationsThatUndoEachOther() {
        let image = Fixtures.pattern(width: 5, height: 3)
        #expect(image.applying(.right).applying(.left) == image)
        #expect(image.applying(.down).applying(.down) == image)
        #expect(image.applying(.leftMirrored).applying(.leftMirrored) == image)
        #expect(image.applying(.rightMirrored).applying(.rightMirrored) == image)
        #expect(image.applying(.upMirrored).applying(.upMirrored) == image)
    }

    @Test func malformedExifIsIgnored() throws {
        let tag = Fixtures.exif(orientation: 6)
        let cases: [[UInt8]] = [
            [],
            Array(tag.prefix(12)),                    // cut inside the entry
            [0x58, 0x58] + tag.dropFirst(2),          // neither "II" nor "MM"
            Fixtures.exif(orientation: 0),            // out of range
            Fixtures.exif(orientation: 9),
            tag.enumerated().map { $0.offset == 4 ? 0xF0 : $0.element },   // IFD offset past the end
        ]
        for exif in cases {
            #expect(exif.withUnsafeBytes { ExifOrientation(exif: $0) } == nil)
        }
        #expect(tag.withUnsafeBytes { ExifOrientation(exif: $0) } == .right)
        // A JPEG with a broken EXIF block still decodes, as stored.
        let stored = Self.storedImage()
        let image = try ImageDecoder.decode(try Fixtures.jpeg(stored, exif: Array(tag.prefix(12))))
        #expect(image.width == 48)
    }
}
