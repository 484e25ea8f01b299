#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading, stage 2, touching digits: takes a glyph wide enough to hold more than one digit, gives the ways
/// it may be cut into digits (over-segmentation), and, once the network has read every piece, the best way
/// (dynamic programming over the cuts). Cuts are proposed where the ink is thin: the valleys of the glyph's
/// column profile, the necks where two strokes meet.
struct TouchingDigits {
    /// A glyph is cut only when wider than this share of its height: most single digits are narrower.
    static let widestSingle = 0.9
    /// A glyph wider than this many times its line's typical glyph is cut; and one wider than this share of
    /// its height, whatever its neighbours.
    static let widerThanNeighbours = 1.5
    static let surelyTouching = 1.25
    /// Pieces narrower than this share of the glyph's height are no digit (a 1's width is about 0.2).
    static let narrowestPiece = 0.15
    /// Nor wider than this.
    static let widestPiece = 1.3
    /// A narrow digit's width (not a 1's), as a share of its height.
    static let narrowDigit = 0.45
    /// This many valleys are proposed as cuts per glyph, the thinnest first (more in a glyph wide enough to
    /// hold more digits: one per digit).
    static let mostCuts = 7

    /// The columns [start, end) of one piece, counted in the glyph's profile (from its left edge, slant taken out).
    struct Piece: Hashable {
        var start: Int
        var end: Int
        var width: Int { end - start }
    }

    /// The pieces worth reading of a glyph `height` tall whose ink per column is `profile`: the whole glyph
    /// and, when it is wide, every piece between two of its proposed cuts whose width a digit may have.
    /// `typicalWidth` is the median width of the line's glyphs narrow enough to be one digit (nil when fewer
    /// than two are): in a line of separate digits, a glyph no wider than they are is one of them, however
    /// wide its shape.
    func pieces(profile: [Int], height: Int, typicalWidth: Int?) -> [Piece] {
        let whole = Piece(start: 0, end: profile.count)
        let (width, height) = (Double(profile.count), Double(height))
        guard width > Self.widestSingle * height else { return [whole] }
        if let typicalWidth, width < Self.widerThanNeighbours * Double(typicalWidth), width < Self.surelyTouching * height {
            return [whole]
        }
        return [whole] + cutPieces(profile: profile, height: Int(height))
    }

    /// The pieces between two of the proposed cuts of a glyph `height` tall whose ink per column is `profile`
    /// (the whole glyph not among them) whose width a digit may have.
    func cutPieces(profile: [Int], height: Int) -> [Piece] {
        let height = Double(height)
        let positions = [0] + cuts(profile, height: height) + [profile.count]
        var pieces: [Piece] = []
        for i in positions.indices {
            for j in positions.indices where j > i && !(i == 0 && j == positions.count - 1) {
                let width = Double(positions[j] - positions[i])
                if width >= Self.narrowestPiece * height && width <= Self.widestPiece * height {
                    pieces.append(Piece(start: positions[i], end: positions[j]))
                }
            }
        }
        return pieces
    }

    /// Where to cut: columns of `profile` at the bottom of a valley, away from its ends (the `mostCuts`
    /// thinnest, or one per digit the glyph may hold), and the columns that split it evenly into as many
    /// digits as its width holds; in order.
    func cuts(_ profile: [Int], height: Double) -> [Int] {
        let margin = max(1, Int(Self.narrowestPiece * height))
        let reach = max(1, Int(height / 10))
        guard profile.count > 2 * margin else { return [] }
        var valleys: [(column: Int, ink: Int)] = []
        var x = margin
        while x < profile.count - margin {
            // A run of equal values that nothing within `reach` undercuts: its middle is a valley.
            var end = x
            while end + 1 < profile.count - margin && profile[end + 1] == profile[x] { end += 1 }
            let neighbourhood = max(0, x - reach)...min(profile.count - 1, end + reach)
            if profile[neighbourhood].min()! == profile[x] && profile[neighbourhood].max()! > profile[x] {
                valleys.append(((x + end) / 2, profile[x]))
            }
            x = end + 1
        }
        // A long glyph (a whole number written joined up) needs a cut between each two of its digits.
        let mostDigits = Int((Double(profile.count) / (Self.narrowDigit * height)).rounded(.up))
        var cuts = valleys.sorted { $0.ink < $1.ink }.prefix(max(Self.mostCuts, mostDigits)).map(\.column)
        // Where no valley shows (digits pressed together), the places a digit's width would put a cut.
        let digitWidth = Self.narrowDigit * height
        for count in 2...max(2, Int((Double(profile.count) / digitWidth).rounded())) {
            for k in 1..<count {
                let column = profile.count * k / count
                if !cuts.contains(where: { abs($0 - column) <= reach }) { cuts.append(column) }
            }
        }
        return cuts.sorted()
    }

    /// The best way to cut a glyph `columns` wide into pieces that were read: the path through the cuts with
    /// the highest total score. Nil when the pieces read do not cover it.
    func best(columns: Int, scores: [Piece: Double]) -> [Piece]? {
        let ends = Set(scores.keys.map(\.end)).sorted()
        var best: [Int: (score: Double, path: [Piece])] = [0: (0, [])]
        for position in ends {
            for (piece, score) in scores where piece.end == position {
                guard let before = best[piece.start] else { continue }
                let total = before.score + score
                if best[position].map({ total > $0.score }) ?? true { best[position] = (total, before.path + [piece]) }
            }
        }
        return best[columns]?.path
    }

    /// A piece's score: the log of the network's confidence in it, less what makes it unlike a digit: being
    /// wider than tall (`lineHeight` is the digits' height), its ink much shorter than the glyph's (a
    /// fragment cut off a digit reads as a confident 1), and a little for every piece, so that a digit is
    /// not cut in two where reading it whole is as good.
    static func score(confidence: Float, width: Int, inkHeight: Int, glyphHeight: Int, lineHeight: Int) -> Double {
        let aspect = Double(width) / Double(max(lineHeight, 1))
        let short = Double(inkHeight) / Double(max(glyphHeight, 1))
        return log(Double(max(confidence, 1e-6))) - 3 * max(0, aspect - Self.widestDigit) - 4 * max(0, 0.75 - short) - Self.piecePenalty
    }

    /// Digits are seldom wider than this share of their height (MNIST's widest, 0s and 2s, come close).
    static let widestDigit = 1.0
    /// The cost of one more piece (log units).
    static let piecePenalty = 0.4
}
