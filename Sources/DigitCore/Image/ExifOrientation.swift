/// The EXIF Orientation tag (0x0112): how the stored pixels must be turned to stand upright
/// as a photo viewer shows them. Raw values and names follow the EXIF specification's 1–8.
public enum ExifOrientation: Int, Sendable, CaseIterable {
    case up = 1, upMirrored, down, downMirrored, leftMirrored, right, rightMirrored, left

    /// Reads the tag from a TIFF-structured EXIF block (JPEG APP1 after "Exif\0\0", or PNG eXIf).
    /// Returns nil when the block is malformed or has no valid orientation: the image is then used as stored.
    public init?(exif: UnsafeRawBufferPointer) {
        guard exif.count >= 8 else { return nil }
        let littleEndian: Bool
        switch (exif[0], exif[1]) {
        case (0x49, 0x49): littleEndian = true    // "II"
        case (0x4D, 0x4D): littleEndian = false   // "MM"
        default: return nil
        }
        func read(_ offset: Int, _ size: Int) -> Int? {
            guard offset >= 0, size <= exif.count, offset <= exif.count - size else { return nil }
            var value = 0
            for index in 0..<size {
                let byte = Int(exif[littleEndian ? offset + size - 1 - index : offset + index])
                value = value << 8 | byte
            }
            return value
        }
        guard read(2, 2) == 42, let ifd = read(4, 4), let entryCount = read(ifd, 2) else { return nil }
        for entry in 0..<entryCount {
            let offset = ifd + 2 + 12 * entry
            guard let tag = read(offset, 2) else { return nil }
            guard tag == 0x0112 else { continue }
            // Type SHORT (3), count 1: the value sits in the first two bytes of the value field.
            guard read(offset + 2, 2) == 3, let raw = read(offset + 8, 2) else { return nil }
            self.init(rawValue: raw)
            return
        }
        return nil
    }
}

extension GrayImage {
    /// The image turned upright according to its EXIF orientation.
    public func applying(_ orientation: ExifOrientation) -> GrayImage {
        let (w, h) = (width, height)
        let swapsSides = orientation.rawValue >= 5
        let outWidth = swapsSides ? h : w
        let outHeight = swapsSides ? w : h
        // Where upright pixel (x, y) is stored.
        let source: (Int, Int) -> (Int, Int)
        switch orientation {
        case .up: return self
        case .upMirrored: source = { x, y in (w - 1 - x, y) }
        case .down: source = { x, y in (w - 1 - x, h - 1 - y) }
        case .downMirrored: source = { x, y in (x, h - 1 - y) }
        case .leftMirrored: source = { x, y in (y, x) }
        case .right: source = { x, y in (y, h - 1 - x) }
        case .rightMirrored: source = { x, y in (w - 1 - y, h - 1 - x) }
        case .left: source = { x, y in (w - 1 - y, x) }
        }
        var upright = [UInt8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBufferPointer { stored in
            for y in 0..<outHeight {
                for x in 0..<outWidth {
                    let (sx, sy) = source(x, y)
                    upright[y * outWidth + x] = stored[sy * w + sx]
                }
            }
        }
        return GrayImage(width: outWidth, height: outHeight, pixels: upright)
    }
}
