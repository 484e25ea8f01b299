#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One digit of a number read, with where it is.
public struct ReadDigit: Sendable, Equatable {
    public let prediction: Prediction
    /// x, y, width, height in the upright picture's pixels.
    public let box: (x: Int, y: Int, width: Int, height: Int)

    public static func == (a: ReadDigit, b: ReadDigit) -> Bool { a.prediction == b.prediction && a.box == b.box }
}

/// One line of digits: a number.
public struct ReadLine: Sendable, Equatable {
    public enum Item: Sendable, Equatable {
        case digit(ReadDigit)
        /// A decimal point between two digits.
        case point
    }

    public let items: [Item]

    public var digits: [ReadDigit] { items.compactMap { if case .digit(let d) = $0 { d } else { nil } } }
    /// "40961", "3.14": leading zeros kept.
    public var text: String { items.map { if case .digit(let d) = $0 { String(d.prediction.digit) } else { "." } }.joined() }
    /// The product of its digits' calibrated confidences.
    public var confidence: Float { digits.reduce(1) { $0 * $1.prediction.confidence } }
}

/// What `NumberReader` found in one image: its numbers, top to bottom (none for a blank page).
public struct Reading: Sendable, Equatable {
    public let lines: [ReadLine]

    public var digits: [ReadDigit] { lines.flatMap(\.digits) }
    /// The numbers, separated by one space.
    public var text: String { lines.map(\.text).joined(separator: " ") }
    public var confidence: Float { lines.reduce(1) { $0 * $1.confidence } }
    /// The least confident digit's confidence.
    public var weakestDigit: Float { digits.map(\.prediction.confidence).min() ?? 0 }
}

/// From an image to the numbers in it, every digit in order: the preprocessing's stages 1–4 over the whole
/// image and its ruled lines taken off (`RuleStripping`), then the stages of Reading/: the layout
/// (`NumberLayout`), touching digits cut by recognition (`TouchingDigits`) and the best reading of each line
/// (`LinePlan`), every piece prepared MNIST-style and read by the network in batches, the verifier asked
/// of pieces that may be no digit.
public struct NumberReader: Sendable {
    public let model: Model
    public var preprocessor = DigitPreprocessor()
    /// Longest side at which ink is searched for: more than predict's, as a number's digits share the image
    /// (images are looked at smaller when their digits are big enough there).
    public var workingSize = 640
    public var decodeOptions = Predictor.defaultDecodeOptions
    /// A piece at either end of a line that the network gives less than this is no digit (a currency
    /// sign, a letter) and is left out.
    public static let notADigit: Float = 0.5
    /// The same for the verifier, which gives most signs 0.1 and a pale digit crossed by rules just under 0.5.
    public static let verifiedNotADigit: Float = 0.4
    /// An end piece the reader doubts is left out only where the verifier is less sure than this that it is a
    /// digit (an odd 6 reads as a 6 at 0.43).
    static let verifierDoubts: Float = 0.7
    /// A glyph at least this share of its height wide may be two digits pressed together (a 13).
    static let mayHoldTwo = 0.5

    /// Asked whether pieces are digits at all: a network trained with signs, symbols and bad cuts of touching
    /// digits as "not a digit" (the built-in `verifier`). Its confidence counts in the score of the pieces of
    /// touching digits; an uncut piece at either end of a line that it gives less than `verifiedNotADigit` is
    /// left out (a currency sign reads as a confident 5 to a digit reader), unless cut it is surely digits
    /// (`recut`).
    public var verifier: Model?

    public init(model: Model, verifier: Model? = nil) {
        self.model = model
        self.verifier = verifier
    }

    /// Ruled lines run along this much of the page (InkMask): the digits of a number, side by side, would
    /// pass for 40%.
    static let rulingShare = 0.85

    /// Pieces run through the network together.
    public static let batchSize = 32

    /// A workspace for one thread: the model's, and the verifier's.
    public func makeWorkspace() -> Workspaces {
        Workspaces(reading: model.makeWorkspace(capacity: Self.batchSize), verifying: verifier?.makeWorkspace(capacity: Self.batchSize))
    }

    public struct Workspaces: @unchecked Sendable {
        let reading: Workspace
        let verifying: Workspace?
    }

    public func read(files paths: [BytePath], workspace: Workspaces) -> [Result<Reading, ImageDecodingError>] {
        paths.map { path in
            Result { () throws(ImageDecodingError) -> Reading in
                read(try ImageDecoder.decodeWithSourceSize(contentsOf: path, options: decodeOptions), workspace: workspace)
            }
        }
    }

    public func read(_ decoded: DecodedImage, workspace workspaces: Workspaces) -> Reading {
        let image = decoded.image
        if let mnist = preprocessor.mnistLike(image) {
            let prediction = Predictor(model: model).predict([mnist], workspace: workspaces.reading)[0]
            let box = (0, 0, decoded.sourceWidth, decoded.sourceHeight)
            return Reading(lines: [ReadLine(items: [.digit(ReadDigit(prediction: prediction, box: box))])])
        }
        let glance = layout(image, workingSize: Self.firstLook)
        guard let first = look(at: image, glance: glance, closely: false) else { return Reading(lines: []) }
        let reading = read(first, decoded: decoded, workspaces: workspaces)
        // Small digits read with doubt are looked at again, larger: as closely as digits written joined up.
        guard !reading.digits.isEmpty, reading.weakestDigit < Self.surelyDigits,
              let closer = look(at: image, glance: glance, closely: true), closer.ink.ink.width > first.ink.ink.width else { return reading }
        return read(closer, decoded: decoded, workspaces: workspaces)
    }

    /// The numbers in the image whose ink, components and lines are `layout`.
    func read(_ layout: Layout, decoded: DecodedImage, workspaces: Workspaces) -> Reading {
        let (ink, labels, components, lines) = layout
        let workspace = workspaces.reading
        let predictor = Predictor(model: model)
        let width = ink.ink.width

        // Every piece that may be a digit, prepared: each glyph's own cuts, and two neighbouring glyphs taken
        // together where they may be one digit's broken strokes. Then all are read in batches.
        let splitter = TouchingDigits()
        var plans: [LinePlan] = []
        var uncutGlyphs: [Int: UncutGlyph] = [:]   // by reading index, the glyphs no cut was tried in
        var prepared: [(digit: PreparedDigit, box: Component)?] = []
        for line in lines {
            let lean = Self.lean(of: line, labels: labels, width: width, componentCount: components.count)
            let glyphs = line.glyphs.filter { !$0.isPoint }
            let inks = glyphs.map { GlyphInk($0, lean: lean, labels: labels, width: width, componentCount: components.count) }
            // The width of the line's digits, from the glyphs narrow enough to be one.
            let widths = zip(glyphs, inks).map { $1.profile.count }
                .filter { Double($0) <= TouchingDigits.widestSingle * Double(line.height) }.sorted()
            let typicalWidth = widths.count > 1 ? widths[widths.count / 2] : nil
            var plan = LinePlan(line: line, glyphs: glyphs)
            for (glyph, glyphInk) in zip(glyphs, inks) {
                let pieces = splitter.pieces(profile: glyphInk.profile, height: glyph.box.height, typicalWidth: typicalWidth)
                if pieces.count == 1 { uncutGlyphs[prepared.count] = UncutGlyph(glyph: glyph, ink: glyphInk, lineHeight: line.height) }
                plan.cuts.append(pieces.map { (glyphInk, $0, prepared.count + pieces.firstIndex(of: $0)!) })
                prepared += pieces.map { glyphInk.piece($0, ink: ink, labels: labels) }
            }
            for index in glyphs.indices.dropLast() where Self.mayBeOneDigit(glyphs[index], glyphs[index + 1], height: line.height) {
                var union = glyphs[index]
                union.members += glyphs[index + 1].members
                union.box.merge(glyphs[index + 1].box)
                let unionInk = GlyphInk(union, lean: lean, labels: labels, width: width, componentCount: components.count)
                let whole = TouchingDigits.Piece(start: 0, end: unionInk.profile.count)
                plan.merges[index] = (unionInk, whole, prepared.count)
                prepared.append(unionInk.piece(whole, ink: ink, labels: labels))
            }
            plans.append(plan)
        }
        var readings = readPieces(prepared, predictor: predictor, workspace: workspace)

        // The verifier's answers, by reading index, where asked.
        var doubt = [Float?](repeating: nil, count: prepared.count)
        let verify = { (asked: [Int]) in
            guard let verifier, let verifying = workspaces.verifying else { return }
            let asked = asked.filter { prepared[$0] != nil && doubt[$0] == nil }
            let answers = Predictor(model: verifier).predict(asked.map { prepared[$0]!.digit }, workspace: verifying)
            for (index, answer) in zip(asked, answers) { doubt[index] = answer.confidence }
        }

        // A second look at the glyphs left whole in the middle of a line (at either end, a currency sign reads
        // as no digit and its halves as digits), which are cut after all: those the verifier takes for no digit,
        // wide enough to be two digits pressed together (a 13 or a 46 read as an 8; only those the reader is not
        // sure of are asked), and the wide ones left whole because their line's digits are as wide, that the
        // reader doubts (a line of touching digits). A narrow one is cut only where thin ink joins its sides, as
        // on second thought (`recut`).
        let firstLook = prepared.count
        let middle = plans.indices.flatMap { p in
            plans[p].cuts.indices.dropFirst().dropLast().filter { plans[p].cuts[$0].count == 1 }.map { (plan: p, glyph: $0) }
        }
        verify(middle.map { plans[$0.plan].cuts[$0.glyph][0] }
            .filter { piece in
                Double(piece.ink.profile.count) >= Self.mayHoldTwo * Double(piece.ink.box.height)
                    && (readings[piece.reading].map { $0.prediction.confidence < Self.surelyDigits } ?? false)
            }.map(\.reading))
        for (p, g) in middle {
            let (glyphInk, _, at) = plans[p].cuts[g][0]
            let height = Double(glyphInk.box.height)
            let verifiedNoDigit = doubt[at].map { $0 < Self.verifiedNotADigit } ?? false
            let wideAndDoubted = Double(glyphInk.profile.count) > TouchingDigits.widestSingle * height
                && (readings[at].map { $0.prediction.confidence < Self.notADigit } ?? false)
            guard verifiedNoDigit || wideAndDoubted else { continue }
            let cut = splitter.cutPieces(profile: glyphInk.profile, height: glyphInk.box.height)
            let extra = wideAndDoubted ? cut : Self.thinlyJoined(cut, profile: glyphInk.profile)
            plans[p].cuts[g] += extra.enumerated().map { (glyphInk, $1, prepared.count + $0) }
            prepared += extra.map { glyphInk.piece($0, ink: ink, labels: labels) }
            uncutGlyphs[at] = nil
        }
        readings += readPieces(prepared[firstLook...], predictor: predictor, workspace: workspace, from: firstLook)

        // The pieces of glyphs that may be cut, and merges, asked of the verifier too: a digit reader reads
        // two 0s squashed together as a confident 0, the verifier learned that they are no digit.
        doubt += [Float?](repeating: nil, count: prepared.count - doubt.count)
        verify(plans.flatMap { plan in plan.cuts.filter { $0.count > 1 }.flatMap { $0.map(\.reading) } + plan.merges.values.map(\.reading) })
        var best = plans.compactMap { $0.best(readings: readings, verified: doubt, splitter: splitter, leavesUncutSigns: verifier != nil) }
        if let verifier, let verifying = workspaces.verifying {
            best = Self.leavingOutSigns(best, uncut: Set(uncutGlyphs.keys), prepared: prepared.map { $0?.digit },
                                        verifier: verifier, workspace: verifying) { at in
                recut(uncutGlyphs[at]!, from: at, ink: ink, labels: labels, verifier: verifier, workspaces: workspaces)
            }
        }

        let scale = Double(decoded.sourceWidth) / Double(width)
        let result = best.map { items in
            ReadLine(items: items.map { item in
                guard case .digit(let box, let prediction, _) = item else { return .point }
                let sourceBox = (x: Int(Double(box.minX) * scale), y: Int(Double(box.minY) * scale),
                                 width: Int((Double(box.width) * scale).rounded(.up)), height: Int((Double(box.height) * scale).rounded(.up)))
                return .digit(ReadDigit(prediction: prediction, box: sourceBox))
            })
        }
        return Reading(lines: result)
    }

    /// The readings of `pieces` (nil where a piece holds no ink), each with its index counted from `start`.
    func readPieces(_ pieces: some Collection<(digit: PreparedDigit, box: Component)?>, predictor: Predictor, workspace: Workspace,
                    from start: Int = 0) -> [LinePlan.Reading?] {
        var read = predictor.predict(pieces.compactMap { $0?.digit }, workspace: workspace).makeIterator()
        return pieces.enumerated().map { index, piece in piece.map { (box: $0.box, prediction: read.next()!, at: start + index) } }
    }

    /// The ink of an image at some size, its components (ruled lines taken off) and their lines.
    typealias Layout = (ink: InkMask.Result, labels: [Int32], components: [Component], lines: [NumberLayout.Line])

    /// The image's ink, components and lines: a first look at a small size finds how tall the digits are;
    /// when they are too small there to be cut and read well (digits written joined up, which are cut into
    /// pieces, need more pixels than separate ones), the image is looked at again at the size that makes them
    /// tall enough (up to `workingSize`). A scan whose digits fill it is read at a fraction of its
    /// pixels.
    func look(at image: GrayImage) -> Layout? {
        look(at: image, glance: layout(image, workingSize: Self.firstLook), closely: false)
    }

    /// The same after the first look, `glance`; `closely`: every line's digits made as tall as joined-up ones.
    func look(at image: GrayImage, glance: Layout?, closely: Bool) -> Layout? {
        guard let first = glance, !first.lines.isEmpty else {
            return max(image.width, image.height) > Self.firstLook ? layout(image, workingSize: workingSize) : glance
        }
        // The size at which each line's digits are tall enough; digits written joined up need more pixels
        // to be cut well.
        let longer = max(first.ink.ink.width, first.ink.ink.height)
        let needed = first.lines.map { line -> Int in
            let joined = closely || line.glyphs.contains { Double($0.box.width) > TouchingDigits.surelyTouching * Double(line.height) }
            let (least, target) = joined ? (Self.smallestJoinedDigit, Self.joinedDigitHeight) : (Self.smallestDigit, Self.digitHeight)
            return line.height < least ? longer * target / max(line.height, 1) : longer
        }.max()!
        let size = min(workingSize, needed)
        return size > longer ? layout(image, workingSize: size) : first
    }

    /// A glyph read whole, no cut tried in it.
    struct UncutGlyph {
        let glyph: NumberLayout.Glyph
        let ink: GlyphInk
        let lineHeight: Int
    }

    /// A glyph read whole that the verifier or the reader takes for no digit, cut on second thought: two
    /// digits touching can be as narrow as one (a "01"). Gives its best cut (the items' reading index is the
    /// glyph's, `at`) when that is two digits or more, cut where the ink is thin, and both networks are sure
    /// of each (`surelyDigits`), else nothing.
    func recut(_ uncut: UncutGlyph, from at: Int, ink: InkMask.Result, labels: [Int32], verifier: Model,
               workspaces: Workspaces) -> [LinePlan.Item] {
        let splitter = TouchingDigits()
        let pieces = Self.thinlyJoined(splitter.cutPieces(profile: uncut.ink.profile, height: uncut.glyph.box.height), profile: uncut.ink.profile)
            .compactMap { piece in uncut.ink.piece(piece, ink: ink, labels: labels).map { (piece, $0) } }
        guard !pieces.isEmpty, let verifying = workspaces.verifying else { return [] }
        let readings = Predictor(model: model).predict(pieces.map(\.1.digit), workspace: workspaces.reading)
        let verified = Predictor(model: verifier).predict(pieces.map(\.1.digit), workspace: verifying)
        var scores: [TouchingDigits.Piece: Double] = [:]
        var items: [TouchingDigits.Piece: (item: LinePlan.Item, isDigit: Bool)] = [:]
        for ((piece, prepared), (reading, verdict)) in zip(pieces, zip(readings, verified)) {
            scores[piece] = LinePlan.score(reading, width: piece.width, inkHeight: prepared.box.height, glyphHeight: uncut.glyph.box.height,
                                           lineHeight: max(uncut.glyph.box.height, uncut.lineHeight), verified: verdict.confidence)
            items[piece] = (.digit(prepared.box, reading, at), min(reading.confidence, verdict.confidence) >= Self.surelyDigits)
        }
        guard let best = splitter.best(columns: uncut.ink.profile.count, scores: scores), best.count > 1,
              best.allSatisfy({ items[$0]!.isDigit }) else { return [] }
        return best.map { items[$0]!.item }
    }

    /// How sure both networks must be of each piece of a glyph cut on second thought (`recut`): half a
    /// currency sign reads as a digit at 0.5-0.95.
    static let surelyDigits: Float = 0.95
    /// The `pieces` of a glyph whose ink per column is `profile` that are cut only where little ink joins the
    /// two sides (a letter's strokes are cut through at their full width).
    static func thinlyJoined(_ pieces: [TouchingDigits.Piece], profile: [Int]) -> [TouchingDigits.Piece] {
        let thickest = Double(profile.max() ?? 0)
        let joinsThinly = { (column: Int) in
            column == 0 || column == profile.count || Double(profile[column]) <= Self.thinJoin * thickest
        }
        return pieces.filter { joinsThinly($0.start) && joinsThinly($0.end) }
    }

    /// The most ink, as a share of the glyph's thickest column, where a glyph is cut on second thought.
    static let thinJoin = 0.35

    /// `lines` with the uncut pieces at their ends that the verifier gives less than `verifiedNotADigit`, or
    /// the reader less than `notADigit` (where cuts were tried the verifier has had its say already),
    /// replaced by what `recut` makes of them (nothing, for a sign); lines left with no digit go.
    static func leavingOutSigns(_ lines: [[LinePlan.Item]], uncut: Set<Int>, prepared: [PreparedDigit?], verifier: Model,
                                workspace: Workspace, recut: (Int) -> [LinePlan.Item]) -> [[LinePlan.Item]] {
        var lines = lines
        let ends = lines.indices.flatMap { line -> [(line: Int, item: Int)] in
            let digits = lines[line].indices.filter { if case .digit = lines[line][$0] { true } else { false } }
            return Set([digits.first!, digits.last!]).sorted().filter { index in
                guard case .digit(_, _, let at) = lines[line][index] else { return false }
                return uncut.contains(at)
            }.map { (line, $0) }
        }
        let pieces = ends.map { end -> PreparedDigit in
            guard case .digit(_, _, let at) = lines[end.line][end.item] else { preconditionFailure("a digit") }
            return prepared[at]!
        }
        let answers = Predictor(model: verifier).predict(pieces, workspace: workspace)
        for (end, answer) in zip(ends, answers).reversed() {
            // The reader's doubt counts where the line has other digits (a lone digit it doubts is answered unsure).
            guard case .digit(_, let reading, let at) = lines[end.line][end.item],
                  answer.confidence < verifiedNotADigit
                    || reading.confidence < notADigit && lines[end.line].count > 1 && answer.confidence < verifierDoubts else { continue }
            lines[end.line].replaceSubrange(end.item...end.item, with: recut(at))
        }
        return lines.map(LinePlan.trimmingPoints).filter { !$0.isEmpty }
    }

    /// The ink of `image` at `workingSize`, its components (ruled lines taken off) and their lines; nil when
    /// no ink stands above the paper.
    func layout(_ image: GrayImage, workingSize: Int) -> Layout? {
        guard let ink = preprocessor.inkMask(image, workingSize: workingSize, rulingShare: Self.rulingShare, steps: nil) else { return nil }
        let (width, height) = (ink.ink.width, ink.ink.height)
        let (labels, components) = RuleStripping().components(ink)
        let contrast = DigitComponents(minimumContrast: preprocessor.minimumContrast)
        let lines = NumberLayout().lines(labels: labels, components: components, width: width, height: height,
                                         piecingTogether: true) { index in
            contrast.standsClear(components[index], ink: ink.ink, labels: labels) { labels[$1 * width + $0] == Int32(index) }
        }
        return (ink, labels, components, lines)
    }

    /// The longer side of the first look.
    static let firstLook = 192
    /// Digits at least this tall (pixels) are cut and read well; smaller ones are looked at again, at the
    /// size that makes them `digitHeight` tall.
    static let smallestDigit = 28
    static let digitHeight = 36
    /// The same for a line with a glyph wider than `TouchingDigits.surelyTouching` times its height: digits
    /// written joined up, cut into pieces (and for digits read with doubt, looked at closely). On the
    /// seed-2029 numbers, 44 and 56 px read 90.1% of them, 52 and 64 px 90.3%, 36 and 48 px 89.7%.
    static let smallestJoinedDigit = 52
    static let joinedDigitHeight = 64

    /// Whether two neighbouring glyphs may be one digit broken in two (a pen lifted, a faint stroke lost):
    /// they overlap across or nearly touch, and together are no wider than a digit.
    static func mayBeOneDigit(_ a: NumberLayout.Glyph, _ b: NumberLayout.Glyph, height: Int) -> Bool {
        let overlap = min(a.box.maxX, b.box.maxX) - max(a.box.minX, b.box.minX) + 1
        let unionWidth = max(a.box.maxX, b.box.maxX) - min(a.box.minX, b.box.minX) + 1
        let narrower = min(a.box.width, b.box.width)
        return (overlap * 4 >= narrower || overlap >= -max(1, height / 20)) && Double(unionWidth) <= TouchingDigits.widestDigit * Double(height) * 1.15
    }

    /// How the line's columns run (`Lean`): sheared by its digits' slant, and, in a line of digits written
    /// joined up, turned as the line is. Handwriting leans, and a photo may be turned; cutting touching digits
    /// along their lean, not straight down, keeps each digit whole.
    /// The slant is the pooled second-order moments of the glyphs' ink, each about its own centre. A glyph of
    /// several digits joined would read as a lean from its length alone and the line's turn: where the line
    /// has one, its turn is found first (where the line is clearly longer than high), and the moments are
    /// taken of pieces about as wide as a digit along it.
    static func lean(of line: NumberLayout.Line, labels: [Int32], width: Int, componentCount: Int) -> Lean {
        var glyphs: [GlyphPixels] = []
        var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
        for glyph in line.glyphs where !glyph.isPoint {
            let members = GlyphInk.membership(glyph, componentCount: componentCount)
            var ink: [(x: Double, y: Double)] = []
            for y in glyph.box.minY...glyph.box.maxY {
                for x in glyph.box.minX...glyph.box.maxX where labels[y * width + x] >= 0 && members[Int(labels[y * width + x])] {
                    let (fx, fy) = (Double(x), Double(y))
                    ink.append((fx, fy))
                    n += 1; sx += fx; sy += fy; sxx += fx * fx; syy += fy * fy; sxy += fx * fy
                }
            }
            glyphs.append(GlyphPixels(box: glyph.box, ink: ink))
        }
        let joined = glyphs.contains { Double($0.box.width) > TouchingDigits.surelyTouching * Double($0.box.height) }
        guard joined else { return Lean(rotation: 0, slant: slant(of: glyphs, rotation: 0)) }
        // How long the line is against how high: the spreads of its ink along and across its principal axis.
        let (xx, yy, xy) = (sxx - sx * sx / n, syy - sy * sy / n, sxy - sx * sy / n)
        let spread = ((xx - yy) * (xx - yy) + 4 * xy * xy).squareRoot()
        let (along, across) = ((xx + yy + spread) / 2, (xx + yy - spread) / 2)
        let rotation = across < Self.elongated * Self.elongated * along ? turn(of: glyphs) : 0
        return Lean(rotation: rotation, slant: slant(of: glyphs.flatMap { $0.chunks(rotation: rotation) }, rotation: rotation))
    }

    /// The turn of a line of `glyphs`, up to `steepestTurn`: the one that makes the band holding its ink the
    /// narrowest (its digits' tops and bottoms in line; unlike the ink's principal axis, a 7's bar at one end
    /// and a 6's bowl at the other do not tilt it). Only the top and bottom ink of each column can be the
    /// band's edge.
    static func turn(of glyphs: [GlyphPixels]) -> Double {
        var edges: [Double: (top: Double, bottom: Double)] = [:]   // by column
        for glyph in glyphs {
            for (x, y) in glyph.ink {
                let edge = edges[x] ?? (y, y)
                edges[x] = (min(edge.top, y), max(edge.bottom, y))
            }
        }
        let points = edges.flatMap { x, edge in [(x, edge.top), (x, edge.bottom)] }
        var best = (turn: 0.0, band: Double.infinity)
        for step in -Self.turnSteps...Self.turnSteps {
            let turn = Self.steepestTurn * Double(step) / Double(Self.turnSteps)
            let (cosine, sine) = (cos(turn), sin(turn))
            var (low, high) = (Double.infinity, -Double.infinity)
            for (x, y) in points {
                let across = y * cosine - x * sine
                (low, high) = (min(low, across), max(high, across))
            }
            // No turn wins a tie.
            if high - low < best.band - 1e-9 || abs(high - low - best.band) <= 1e-9 && abs(turn) < abs(best.turn) { best = (turn, high - low) }
        }
        return best.turn
    }

    /// The turns tried on either side of none.
    static let turnSteps = 26

    /// A glyph's ink: its pixels.
    struct GlyphPixels {
        let box: Component
        let ink: [(x: Double, y: Double)]

        /// The glyph in pieces about as wide as it is tall, along the line turned by `rotation`: a glyph of
        /// several digits joined, in about one piece per digit.
        func chunks(rotation: Double) -> [GlyphPixels] {
            let (cosine, sine) = (cos(rotation), sin(rotation))
            let along = ink.map { $0.x * cosine + $0.y * sine }
            guard let low = along.min(), let high = along.max() else { return [self] }
            let count = max(1, Int(((high - low) / Double(box.height)).rounded()))
            var chunks = [[(x: Double, y: Double)]](repeating: [], count: count)
            for (pixel, u) in zip(ink, along) { chunks[min(count - 1, Int((u - low) / (high - low + 1e-9) * Double(count)))].append(pixel) }
            return chunks.map { GlyphPixels(box: box, ink: $0) }
        }
    }

    /// The slant of `glyphs` turned upright by `rotation`: their ink's pooled second-order moments, each about
    /// its own centre, up to `steepestSlant`.
    static func slant(of glyphs: [GlyphPixels], rotation: Double) -> Double {
        let (cosine, sine) = (cos(rotation), sin(rotation))
        var uv = 0.0, vv = 0.0
        for glyph in glyphs {
            var n = 0.0, su = 0.0, sv = 0.0, suv = 0.0, svv = 0.0
            for (x, y) in glyph.ink {
                let (u, v) = (x * cosine + y * sine, y * cosine - x * sine)
                n += 1; su += u; sv += v; suv += u * v; svv += v * v
            }
            guard n > 0 else { continue }
            uv += suv - su * sv / n
            vv += svv - sv * sv / n
        }
        return vv > 0 ? min(max(uv / vv, -Self.steepestSlant), Self.steepestSlant) : 0
    }

    /// The most slant taken out (x per row).
    static let steepestSlant = 0.6
    /// The most turn taken out (radians; a photo turned 15 degrees).
    static let steepestTurn = 0.26
    /// A line shows its turn when its ink's spread across is at most this share of its spread along.
    static let elongated = 0.5
}

/// How a line's columns run: along its baseline (turned by `rotation`, radians, clockwise as y runs down) and
/// sheared by its digits' `slant` (x per row, negative for a forward slant, /).
struct Lean {
    let rotation: Double
    let slant: Double
    /// A column's x per pixel step right and down.
    private let alongX: Double, alongY: Double

    init(rotation: Double, slant: Double) {
        self.rotation = rotation
        self.slant = slant
        // Turned: u = x cos + y sin, v = y cos - x sin; sheared: column = u - slant * v.
        (alongX, alongY) = (cos(rotation) + slant * sin(rotation), sin(rotation) - slant * cos(rotation))
    }

    /// The column of the pixel `x`, `y` from a glyph's middle.
    func column(x: Double, y: Double) -> Int { Int((x * alongX + y * alongY).rounded()) }
}

/// A glyph's ink with the line's lean taken out: each pixel's column is counted along the line's baseline,
/// sheared by its slant (`Lean`), so that the ink per column (the profile) has its valleys where digits meet.
struct GlyphInk {
    let box: Component
    /// Over the glyph's box, row by row: each pixel's slanted column, counted from the glyph's left edge, or
    /// `noInk` where the pixel is not the glyph's ink.
    let columns: [Int32]
    static let noInk = Int32.min
    /// Ink per slanted column.
    let profile: [Int]

    init(_ glyph: NumberLayout.Glyph, lean: Lean, labels: [Int32], width: Int, componentCount: Int) {
        let members = Self.membership(glyph, componentCount: componentCount)
        box = glyph.box
        var columns = [Int32](repeating: Self.noInk, count: box.width * box.height)
        var (left, right) = (Int.max, Int.min)
        let (middleX, middleY) = ((box.minX + box.maxX) / 2, (box.minY + box.maxY) / 2)
        for y in box.minY...box.maxY {
            for x in box.minX...box.maxX where labels[y * width + x] >= 0 && members[Int(labels[y * width + x])] {
                let column = lean.column(x: Double(x - middleX), y: Double(y - middleY))
                columns[(y - box.minY) * box.width + x - box.minX] = Int32(column)
                (left, right) = (min(left, column), max(right, column))
            }
        }
        var profile = [Int](repeating: 0, count: right >= left ? right - left + 1 : 1)
        for index in columns.indices where columns[index] != Self.noInk {
            columns[index] -= Int32(left)
            profile[Int(columns[index])] += 1
        }
        self.columns = columns
        self.profile = profile
    }

    static func membership(_ glyph: NumberLayout.Glyph, componentCount: Int) -> [Bool] {
        var members = [Bool](repeating: false, count: componentCount)
        for member in glyph.members { members[member] = true }
        return members
    }

    /// One piece (the glyph's ink in the piece's slanted columns) prepared MNIST-style, with its box at the
    /// working size; nil when the piece holds no ink.
    func piece(_ piece: TouchingDigits.Piece, ink: InkMask.Result, labels: [Int32]) -> (digit: PreparedDigit, box: Component)? {
        let (start, end) = (Int32(piece.start), Int32(piece.end))
        var kept = Component()
        for y in 0..<box.height {
            for x in 0..<box.width where columns[y * box.width + x] >= start && columns[y * box.width + x] < end {
                kept.include(x: box.minX + x, y: box.minY + y)
            }
        }
        guard kept.area > 0 else { return nil }
        let crop = DigitComponents.inkCrop(ink.ink, labels: labels, box: kept) { x, y in
            let (x, y) = (x - box.minX, y - box.minY)
            guard x >= 0, y >= 0, x < box.width, y < box.height else { return false }
            let column = columns[y * box.width + x]
            return column >= start && column < end
        }
        let strokes = StrokeWidth().normalised(crop, threshold: ink.threshold)
        return (Fitting().fitted(strokes), kept)
    }
}

/// One line's pieces, read, and the best way to take them: each glyph cut its best way, or two neighbouring
/// glyphs taken as one digit, whichever scores higher (dynamic programming along the line).
struct LinePlan {
    let line: NumberLayout.Line
    /// The line's glyphs that are no points, in order.
    let glyphs: [NumberLayout.Glyph]
    /// For each glyph, its pieces: the ink they are cut from, the piece, and where its reading is.
    var cuts: [[(ink: GlyphInk, piece: TouchingDigits.Piece, reading: Int)]] = []
    /// Glyph index → its union with the next glyph, read whole.
    var merges: [Int: (ink: GlyphInk, piece: TouchingDigits.Piece, reading: Int)] = [:]

    enum Item {
        /// Its box, its reading, and which of the prepared pieces it is.
        case digit(Component, Prediction, Int)
        case point
    }

    typealias Reading = (box: Component, prediction: Prediction, at: Int)

    /// The line's digits and points, or nil when nothing in it is a digit.
    /// `verified`: by reading index, the verifier's confidence that the piece is a digit at all, where asked.
    /// `leavesUncutSigns`: a glyph read whole (no cut tried) at either end that reads as no digit is kept, for
    /// `NumberReader.leavingOutSigns` to leave out or cut on second thought.
    func best(readings: [Reading?], verified: [Float?], splitter: TouchingDigits, leavesUncutSigns: Bool) -> [Item]? {
        // Each glyph's best cut, and its score.
        var glyphBest: [(score: Double, digits: [Reading])] = []
        for (index, pieces) in cuts.enumerated() {
            let glyph = glyphs[index]
            var scores: [TouchingDigits.Piece: Double] = [:]
            var byPiece: [TouchingDigits.Piece: Reading] = [:]
            for (_, piece, at) in pieces {
                guard let reading = readings[at] else { continue }
                byPiece[piece] = reading
                scores[piece] = score(reading, piece: piece, glyph: glyph, verified: verified[at])
            }
            let chosen = pieces.count == 1 ? Array(byPiece.keys) : splitter.best(columns: pieces[0].ink.profile.count, scores: scores) ?? []
            glyphBest.append((chosen.reduce(0) { $0 + scores[$1]! }, chosen.map { byPiece[$0]! }))
        }
        // Along the line: glyph by glyph, or two at once where merged.
        var best: [(score: Double, digits: [[Reading]])] = [(0, [])]
        for end in 1...max(glyphs.count, 1) where !glyphs.isEmpty {
            var option = (score: best[end - 1].score + glyphBest[end - 1].score, digits: best[end - 1].digits + [glyphBest[end - 1].digits])
            if end >= 2, let merge = merges[end - 2], let reading = readings[merge.reading] {
                var union = glyphs[end - 2]
                union.box.merge(glyphs[end - 1].box)
                let merged = best[end - 2].score + score(reading, piece: merge.piece, glyph: union, verified: verified[merge.reading])
                if merged > option.score { option = (merged, best[end - 2].digits + [[reading], []]) }
            }
            best.append(option)
        }
        // Back in reading order, points where they stand; a sign at either end (a currency sign, a letter),
        // which reads as no digit, is left out, and points stand only between digits.
        var items: [(item: Item, single: Bool)] = []
        var glyphIndex = 0
        let perGlyph = best.last!.digits
        for glyph in line.glyphs {
            if glyph.isPoint {
                items.append((.point, true))
                continue
            }
            let digits = glyphIndex < perGlyph.count ? perGlyph[glyphIndex] : []
            glyphIndex += 1
            let uncut = cuts[glyphIndex - 1]
            let leftToVerifier = leavesUncutSigns && uncut.count == 1 && digits.count == 1 && digits[0].at == uncut[0].reading
            for reading in digits { items.append((.digit(reading.box, reading.prediction, reading.at), digits.count == 1 && !leftToVerifier)) }
        }
        let isSign = { (item: (item: Item, single: Bool)) -> Bool in
            guard item.single, case .digit(_, let prediction, _) = item.item else { return false }
            return prediction.confidence < NumberReader.notADigit
        }
        while items.count > 1, isSign(items[0]) { items.removeFirst() }
        while items.count > 1, isSign(items[items.count - 1]) { items.removeLast() }
        let trimmed = Self.trimmingPoints(items.map(\.item))
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Points stand only between digits.
    static func trimmingPoints(_ items: [Item]) -> [Item] {
        let isPoint = { (item: Item) -> Bool in if case .point = item { true } else { false } }
        var items = items
        while let first = items.first, isPoint(first) { items.removeFirst() }
        while let last = items.last, isPoint(last) { items.removeLast() }
        return items
    }

    /// How much the verifier's doubt (the log of its confidence) counts in a piece's score, against the
    /// reader's own: on the seed-2027 numbers, 0.3 to 0.6 read the most numbers (touching digits 60%, against
    /// 57% at 1 and 46% at 0).
    static let verifierWeight = 0.45

    private func score(_ reading: Reading, piece: TouchingDigits.Piece, glyph: NumberLayout.Glyph, verified: Float?) -> Double {
        Self.score(reading.prediction, width: piece.width, inkHeight: reading.box.height, glyphHeight: glyph.box.height,
                   lineHeight: max(glyph.box.height, line.height), verified: verified)
    }

    /// The least height, as a share of its glyph's, of a digit written smaller than its neighbours.
    static let smallerDigit = 0.6

    /// A piece's score (`TouchingDigits.score`), with the verifier's doubt where it was asked.
    static func score(_ prediction: Prediction, width: Int, inkHeight: Int, glyphHeight: Int, lineHeight: Int, verified: Float?) -> Double {
        // A piece both networks are sure of, if not much shorter than the glyph, is a digit written smaller, or
        // higher or lower, than its neighbours, not a fragment.
        let sure = prediction.confidence >= NumberReader.surelyDigits && (verified ?? 0) >= NumberReader.surelyDigits
        let glyphHeight = sure && Double(inkHeight) >= Self.smallerDigit * Double(glyphHeight) ? inkHeight : glyphHeight
        return TouchingDigits.score(confidence: prediction.confidence, width: width, inkHeight: inkHeight, glyphHeight: glyphHeight, lineHeight: lineHeight)
            + (verified.map { Self.verifierWeight * log(Double(max($0, 1e-6))) } ?? 0)
    }
}
