/// Stage 7, fitting: takes the digit's crop, gives the prepared digit: fitted into 20×20 keeping its aspect
/// ratio (area averaging) and pasted into 28×28 with its centre of mass at the centre, as MNIST's are.
struct Fitting {
    func fitted(_ crop: GrayImage) -> PreparedDigit {
        let (side, box) = (DigitPreprocessor.side, DigitPreprocessor.box)
        let scale = Double(box) / Double(max(crop.width, crop.height))
        let fitWidth = max(1, min(box, Int((Double(crop.width) * scale).rounded())))
        let fitHeight = max(1, min(box, Int((Double(crop.height) * scale).rounded())))
        let digit = crop.resized(width: fitWidth, height: fitHeight)
        var mass = 0.0, sumX = 0.0, sumY = 0.0
        for y in 0..<fitHeight {
            for x in 0..<fitWidth {
                let value = Double(digit[x, y])
                mass += value
                sumX += value * (Double(x) + 0.5)
                sumY += value * (Double(y) + 0.5)
            }
        }
        let centreX = mass > 0 ? sumX / mass : Double(fitWidth) / 2
        let centreY = mass > 0 ? sumY / mass : Double(fitHeight) / 2
        let left = min(max(Int((Double(side) / 2 - centreX).rounded()), 0), side - fitWidth)
        let top = min(max(Int((Double(side) / 2 - centreY).rounded()), 0), side - fitHeight)
        var result = GrayImage(width: side, height: side, filledWith: 0)
        for y in 0..<fitHeight {
            for x in 0..<fitWidth { result[left + x, top + y] = digit[x, y] }
        }
        return PreparedDigit(image: result)
    }
}
