/// Stage 6, stroke width: takes the digit's crop, gives it with its strokes brought to MNIST's width.
///
/// MNIST's strokes are 2–3 pixels wide in its 20×20 box. A fine pen on a large page would shrink to a
/// faint hairline and a marker to a blob, so strokes are widened (a max filter) or narrowed (a min
/// filter) first, to about 2.5 pixels once fitted.
///
/// A stroke's width is its area over half its edge. But a blur spreads a stroke without adding ink: an
/// enlarged thumbnail's digit stands above the threshold far wider than it was drawn, and narrowed by that
/// width it was eroded to its outline (a 0 read as a 6 or an 8). Whether, and how far, to narrow is decided
/// by the width its ink would have at full strength (its mass over half its edge) instead. Widening is
/// still decided by the width above the threshold (by the mass, faint strokes were widened further, and
/// fewer photos read).
struct StrokeWidth {
    func normalised(_ crop: GrayImage, threshold: UInt8) -> GrayImage {
        let (width, height) = (crop.width, crop.height)
        var area = 0, edge = 0, mass = 0
        for y in 0..<height {
            for x in 0..<width where crop[x, y] > threshold {
                area += 1
                mass += Int(crop[x, y])
                let isEdge = x == 0 || y == 0 || x == width - 1 || y == height - 1
                    || crop[x - 1, y] <= threshold || crop[x + 1, y] <= threshold
                    || crop[x, y - 1] <= threshold || crop[x, y + 1] <= threshold
                if isEdge { edge += 1 }
            }
        }
        guard area > 0, edge > 0 else { return crop }
        // A stroke of width w and length L has area wL and about 2L edge pixels.
        let strokeWidth = 2 * Double(area) / Double(edge)
        let inkWidth = 2 * Double(mass) / 255 / Double(edge)
        let scale = Double(DigitPreprocessor.box) / Double(max(width, height))
        let target = 2.5 / scale
        if strokeWidth * scale < 1.8 {
            return morphed(crop, radius: max(1, Int(((target - strokeWidth) / 2).rounded())), widen: true)
        }
        if inkWidth * scale > 4.5 {
            return morphed(crop, radius: max(1, Int(min((inkWidth - target) / 2, inkWidth / 4).rounded())), widen: false)
        }
        return crop
    }

    /// A square max (widen) or min filter of the given radius, cropped again to the ink.
    func morphed(_ original: GrayImage, radius: Int, widen: Bool) -> GrayImage {
        // Room for the strokes to grow into; and paper beyond the crop's edge, where its strokes end (a min
        // filter cut off there kept the ink along the edge as bars).
        let pad = radius
        var image = GrayImage(width: original.width + 2 * pad, height: original.height + 2 * pad, filledWith: 0)
        for y in 0..<original.height {
            for x in 0..<original.width { image[x + pad, y + pad] = original[x, y] }
        }
        let result = image.squareExtreme(radius: radius, maximum: widen)
        var (minX, minY, maxX, maxY) = (result.width, result.height, -1, -1)
        for y in 0..<result.height {
            for x in 0..<result.width where result[x, y] > 0 {
                (minX, minY, maxX, maxY) = (min(minX, x), min(minY, y), max(maxX, x), max(maxY, y))
            }
        }
        guard maxX >= minX else { return original }
        var cropped = GrayImage(width: maxX - minX + 1, height: maxY - minY + 1, filledWith: 0)
        for y in minY...maxY {
            for x in minX...maxX { cropped[x - minX, y - minY] = result[x, y] }
        }
        return cropped
    }
}
