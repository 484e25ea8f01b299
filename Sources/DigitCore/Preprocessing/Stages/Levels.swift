/// Stage 1, levels: takes the decoded gray image, gives it with its levels stretched so that its brightest
/// pixel is white, when even that one is darker than `darkestWhite`; otherwise as it is.
///
/// An image that dark holds levels written as they were counted, not scaled to 0–255 (a small-digit data set
/// keeps each pixel as the 0–16 count of a block's inked cells), or was taken in the dark. Either way the
/// digit is there, but every later stage measures ink against grain and contrasts in grey levels of the full
/// range, and would find 16 levels blank, or strokes too faint to size the paper's opening by.
struct Levels {
    /// Images whose brightest pixel is below this are stretched.
    static let darkestWhite: UInt8 = 32

    func stretched(_ image: GrayImage) -> GrayImage {
        let brightest = image.pixels.max() ?? 0
        guard brightest > 0 && brightest < Self.darkestWhite else { return image }
        var result = image
        let scale = 255 / Double(brightest)
        result.pixels.withUnsafeMutableBufferPointer { pixels in
            for index in pixels.indices { pixels[index] = UInt8((Double(pixels[index]) * scale).rounded()) }
        }
        return result
    }
}
