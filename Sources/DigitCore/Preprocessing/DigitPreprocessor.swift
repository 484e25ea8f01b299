/// A digit made to look like MNIST: 28×28, ink-high (0 is background, 255 full ink), fitted into the
/// central 20×20 keeping its aspect ratio, centred by its centre of mass.
public struct PreparedDigit: Sendable, Equatable {
    /// (28, 28), ink-high.
    public let image: GrayImage

    public init(image: GrayImage) {
        precondition(image.width == 28 && image.height == 28, "a prepared digit is 28×28")
        self.image = image
    }

    /// What the network reads, (28, 28, 1) scaled to [-0.5, 0.5].
    public func networkInput(into destination: UnsafeMutablePointer<Float>) {
        for (index, value) in image.pixels.enumerated() { destination[index] = Float(value) * (1 / 255) - 0.5 }
    }
}

/// The stages of `DigitPreprocessor`, in order, each named by the image it gives (`show --steps`).
public enum PreprocessingStep: Int, CaseIterable, Sendable {
    /// The image at the working size, as decoded (gray), its levels stretched when it is nearly black (`Levels`).
    case gray = 1
    /// Turned ink-high: from here on ink is light on black.
    case inkHigh
    /// The paper's level under each pixel (ink-high: shadows are light).
    case paper
    /// What stands above the paper, relative to its brightness.
    case flattened
    /// The ink that Otsu's threshold finds, lines of ruled paper taken out (white).
    case inkMask
    /// The digit's components, cropped and contrast-stretched.
    case digit
    /// Strokes brought to MNIST's width.
    case strokeWidth
    /// Fitted into 20×20, centred in 28×28 by its centre of mass: what the network reads.
    case fitted

    public var name: String {
        switch self {
        case .gray: "gray"
        case .inkHigh: "ink-high"
        case .paper: "paper"
        case .flattened: "flattened"
        case .inkMask: "ink-mask"
        case .digit: "digit"
        case .strokeWidth: "stroke-width"
        case .fitted: "fitted"
        }
    }

    /// The file `show --steps` writes it to: `3-paper.png`.
    public var fileName: String { "\(rawValue)-\(name).png" }
}

/// Turns any photo, scan or drawing of a digit into MNIST's format, as its authors prepared theirs, in
/// the stages of Stages/ (one file each):
///
/// 1. the image at most `workingSize` pixels on its longer side (area-averaged), its levels stretched to the
///    full range when even its brightest pixel is nearly black (`Levels`: a data set's raw 0–16 counts);
/// 2. polarity: turned ink-high (`Polarity`);
/// 3. paper and shadow: the paper's level, the image opened with a square wider than the strokes, is
///    taken away, and the rest measured against the paper's brightness (`PaperAndShadow`);
/// 4. ink mask: grain blurred away, Otsu's threshold, ruled lines left out (`InkMask`);
/// 5. components: shadows' bands across the page taken off (`ShadowBands`), and ruled lines off the digits
///    they cross (`RuleStripping`); the digit and its nearby parts kept, dust, specks and page edges dropped,
///    cropped; a page whose ink does not stand clear of the paper's noise around it (a ruled line's ink is
///    none of it) is blank (`DigitComponents`);
/// 6. strokes brought to MNIST's width (`StrokeWidth`);
/// 7. fitted into 20×20 and centred in 28×28 by its centre of mass (`Fitting`).
///
/// A 28×28 image that already is MNIST-like (light ink on black) passes through unchanged. A thumbnail (a
/// digit of a few pixels, or an enlargement of one) is prepared by `Thumbnail` instead of stages 2–6.
public struct DigitPreprocessor: Sendable {
    public static let side = 28
    public static let box = 20
    /// Longer side at which the ink is searched for; larger images are shrunk first.
    public var workingSize = 320
    /// Least gap between the ink and the paper's noise around it for a digit to count (see `DigitComponents`).
    public var minimumContrast = DigitComponents.defaultMinimumContrast

    public init() {}

    /// What an image holds, for `predict`: its digit, and what stands in a row with it looking like digits
    /// (prepared too), for the network to confirm: an image of several digits is a number, for `digitcli read`.
    public enum Examined: Sendable {
        case digit(PreparedDigit, beside: [PreparedDigit])
        /// A blank or nearly blank image.
        case noDigit
    }

    /// The prepared digit, or nil when the image holds no digit (blank or nearly blank). An image of several
    /// digits gives its largest.
    public func prepare(_ image: GrayImage) -> PreparedDigit? { prepare(image, steps: nil) }

    /// The same, handing each stage's image to `steps` as it is made (for `show --steps`). An MNIST-like
    /// image gives only `.fitted`; a blank page stops at the stage that found it blank.
    public func prepare(_ image: GrayImage, steps: ((PreprocessingStep, GrayImage) -> Void)?) -> PreparedDigit? {
        switch examine(image, steps: steps, countingDigits: false) {
        case .digit(let digit, _): digit
        case .noDigit: nil
        }
    }

    /// The prepared digit, and the glyphs that stand in a row with it as digits of a number would
    /// (`NumberLayout.glyphsBeside`), prepared the same way.
    public func examine(_ image: GrayImage) -> Examined { examine(image, steps: nil, countingDigits: true) }

    func examine(_ image: GrayImage, steps: ((PreprocessingStep, GrayImage) -> Void)?, countingDigits: Bool) -> Examined {
        if let passthrough = mnistLike(image) {
            steps?(.fitted, passthrough.image)
            return .digit(passthrough, beside: [])
        }
        if let source = Thumbnail.source(of: image) {
            let thumbnail = Levels().stretched(source)
            steps?(.gray, thumbnail)
            guard let crop = Thumbnail().digitCrop(thumbnail, steps: steps) else { return .noDigit }
            return .digit(fitted(crop, threshold: nil, steps: steps), beside: [])
        }
        let components = DigitComponents(minimumContrast: minimumContrast)
        guard let ink = inkMask(image, workingSize: workingSize, steps: steps), let found = components.digitCrop(ink) else { return .noDigit }
        var beside: [PreparedDigit] = []
        // Only where some other ink is a quarter of the digit's height or more can a digit stand beside it (a
        // glyph is a tall component and strokes broken off it): most photos hold none, and skip the layout.
        let mainHeight = found.components[found.main].height
        let (width, height) = (ink.ink.width, ink.ink.height)
        let mayHaveNeighbours = found.components.indices.contains { index in
            let c = found.components[index]
            return index != found.main && c.height * 4 >= mainHeight && !DigitComponents.isPageEdge(c, width: width, height: height)
        }
        if countingDigits && mayHaveNeighbours {
            let glyphs = NumberLayout().glyphsBeside(found.main, labels: found.labels, components: found.components,
                                                     width: width, height: height) { index in
                components.standsClear(found.components[index], ink: ink.ink, labels: found.labels) { found.labels[$1 * width + $0] == Int32(index) }
            }
            beside = glyphs.map { glyph in
                let crop = DigitComponents.inkCrop(ink.ink, labels: found.labels, box: glyph.box) { glyph.members.contains(Int(found.labels[$1 * width + $0])) }
                return Fitting().fitted(StrokeWidth().normalised(crop, threshold: ink.threshold))
            }
        }
        return .digit(fitted(found.crop, threshold: ink.threshold, steps: steps), beside: beside)
    }

    /// Stages 6 and 7: the digit's crop with its strokes brought to MNIST's width (the ink above `threshold`
    /// measured), fitted into 28×28. A thumbnail's (no threshold) keep their width: a pixel or two, which a
    /// filter of one pixel would double or erase.
    func fitted(_ crop: GrayImage, threshold: UInt8?, steps: ((PreprocessingStep, GrayImage) -> Void)?) -> PreparedDigit {
        steps?(.digit, crop)
        let strokes = threshold.map { StrokeWidth().normalised(crop, threshold: $0) } ?? crop
        steps?(.strokeWidth, strokes)
        let prepared = Fitting().fitted(strokes)
        steps?(.fitted, prepared.image)
        return prepared
    }

    /// Stages 1–4, shared with `NumberReader`: the image at `workingSize`, turned ink-high, flattened against
    /// its paper, and its ink found; nil when nothing stands above the paper.
    func inkMask(_ image: GrayImage, workingSize: Int, rulingShare: Double = InkMask().rulingShare,
                 steps: ((PreprocessingStep, GrayImage) -> Void)?) -> InkMask.Result? {
        let working = Levels().stretched(workingSized(image, workingSize))
        steps?(.gray, working)
        let (inkHigh, darkInk) = Polarity().inkHigh(working)
        steps?(.inkHigh, inkHigh)
        let shading = PaperAndShadow()
        let paper = shading.paper(inkHigh)
        steps?(.paper, paper)
        let flattened = shading.flattened(inkHigh, paper: paper, darkInk: darkInk)
        steps?(.flattened, flattened)
        guard let ink = InkMask(rulingShare: rulingShare).mask(flattened) else { return nil }
        steps?(.inkMask, GrayImage(width: ink.ink.width, height: ink.ink.height, pixels: ink.mask.map { $0 ? 255 : 0 }))
        return ink
    }

    /// The image shrunk (area-averaged) to at most `workingSize` on its longer side.
    func workingSized(_ image: GrayImage, _ workingSize: Int) -> GrayImage {
        let longer = max(image.width, image.height)
        guard longer > workingSize else { return image }
        let scale = Double(workingSize) / Double(longer)
        return image.resized(width: max(1, Int((Double(image.width) * scale).rounded())),
                             height: max(1, Int((Double(image.height) * scale).rounded())))
    }

    /// MNIST itself: 28×28, a black border and some bright ink.
    func mnistLike(_ image: GrayImage) -> PreparedDigit? {
        guard image.width == Self.side && image.height == Self.side else { return nil }
        var borderSum = 0, borderCount = 0
        for y in 0..<Self.side {
            for x in 0..<Self.side where x < 2 || y < 2 || x >= Self.side - 2 || y >= Self.side - 2 {
                borderSum += Int(image[x, y])
                borderCount += 1
            }
        }
        guard borderSum <= 8 * borderCount, image.pixels.contains(where: { $0 > 128 }) else { return nil }
        return PreparedDigit(image: image)
    }
}
