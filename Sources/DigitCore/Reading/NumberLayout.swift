/// Reading, stage 1, layout: takes the ink mask of a whole image and its components, gives where the digits
/// are: glyphs (one digit, or digits that touch) in lines, the lines top to bottom and each left to right,
/// with the decimal points between them. Left out: page edges, frames drawn around the number, rules and
/// underlines, dashes, commas and dust. A stroke broken off a digit (a 5's top bar) joins it.
///
/// Sizes are measured against the digits' height, taken from the tall components themselves, so the same
/// rules hold for a 30-pixel scan and a phone photo.
struct NumberLayout {
    struct Glyph {
        /// The components it is made of.
        var members: [Int]
        /// Its box (and ink area) at the working size.
        var box: Component
        var isPoint = false
    }

    struct Line {
        /// In reading order; decimal points among the digits' glyphs.
        var glyphs: [Glyph]
        /// The line's digit height (the median of its tall glyphs').
        var height: Int
    }

    /// Least height of a digit, as a share of the image's digit height: smaller ink is a point, a comma, a
    /// dash or a fragment.
    static let tallShare = 0.4

    /// `standsClear` tells, by component index, whether its ink stands clear of the paper's noise around it
    /// (`DigitComponents.standsClear`): a grainy blank page or desk is all components, and none does.
    /// `piecingTogether`: small pieces close together are taken for one digit whose strokes came apart
    /// (`piecedTogether`), as read wants; predict, asking only whether digits stand beside its own, does not
    /// (on a photo, specks near the digit would pass for one).
    func lines(labels: [Int32], components: [Component], width: Int, height: Int, piecingTogether: Bool,
               standsClear: (Int) -> Bool) -> [Line] {
        var kept = components.indices.filter { !DigitComponents.isPageEdge(components[$0], width: width, height: height) }
        let candidates = kept.map { components[$0] }
        kept.removeAll { isFrame(components[$0], among: candidates) }
        guard let digitHeight = Self.digitHeight(kept.map { components[$0] }) else { return [] }
        // Dust: ink too small even for a decimal point.
        let speck = max(2, Int((Double(digitHeight) * 0.08).rounded()))
        kept.removeAll { max(components[$0].width, components[$0].height) < speck }
        kept.removeAll { !standsClear($0) }
        // Rules, underlines, a sheet's edges: long and thin, longer than two digits are tall.
        kept.removeAll { c in
            let (w, h) = (components[c].width, components[c].height)
            return w > 2 * digitHeight && w >= 5 * h || h > 2 * digitHeight && h >= 5 * w
        }

        let isTall = { (c: Component) in Double(c.height) >= Self.tallShare * Double(digitHeight) }
        var glyphs = kept.filter { isTall(components[$0]) }.map { Glyph(members: [$0], box: components[$0]) }
        var small: [Glyph] = []
        // A fragment above or below a digit, overlapping it across, is a stroke of it.
        for index in kept where !isTall(components[index]) {
            let c = components[index]
            let best = glyphs.indices.max { overlapAcross(c, glyphs[$0].box) < overlapAcross(c, glyphs[$1].box) }
            if let best, Double(overlapAcross(c, glyphs[best].box)) >= 0.5 * Double(c.width),
               gapDown(c, glyphs[best].box) <= Double(digitHeight) * 0.3,
               max(c.maxY, glyphs[best].box.maxY) - min(c.minY, glyphs[best].box.minY) + 1 <= digitHeight * 3 / 2 {
                glyphs[best].members.append(index)
                glyphs[best].box.merge(c)
            } else {
                small.append(Glyph(members: [index], box: c))
            }
        }
        if piecingTogether {
            let (pieced, stillSmall) = Self.piecedTogether(small, digitHeight: digitHeight)
            glyphs += pieced
            small = stillSmall
        }
        var lines: [[Glyph]] = []
        let chains = chained(glyphs)
        for line in chains {
            // Below the line's middle and short (a comma, a low dash): no digit.
            let top = Self.median(line.map(\.box.minY)), bottom = Self.median(line.map(\.box.maxY))
            let lineHeight = bottom - top + 1
            let isLow = { (g: Glyph) in g.box.height * 5 < lineHeight * 3 && g.box.minY * 2 > top + bottom }
            // The same between two digits, against them rather than the whole line (which may slant), for a
            // glyph short beside them (chained last: see `chained`).
            let isLowBetween = { (index: Int) -> Bool in
                guard index > 0, index < line.count - 1 else { return false }
                let (g, left, right) = (line[index].box, line[index - 1].box, line[index + 1].box)
                let (topTwice, bottomTwice) = (left.minY + right.minY, left.maxY + right.maxY)
                let height = Double(bottomTwice - topTwice) / 2 + 1
                let isShort = { (c: Component) in Double(c.height) < Self.shortShare * height }
                return isShort(g) && !isShort(left) && !isShort(right) && g.minY * 4 > topTwice + bottomTwice
            }
            var digits = line.indices.filter { !isLow(line[$0]) && !isLowBetween($0) }.map { line[$0] }
            if line.count > 1 && digits.count == line.count { digits = line }
            // A line of such marks: short, and just under a line of taller digits across the same span (its
            // commas).
            let height = Self.medianHeight(digits)
            let isUnder = { (other: [Glyph]) -> Bool in
                let otherBottom = Self.median(other.map(\.box.maxY)), otherHeight = Self.medianHeight(other)
                return otherHeight * 3 > height * 5 && top > otherBottom - otherHeight / 2 && top < otherBottom + otherHeight / 2
                    && line.first!.box.minX >= other.first!.box.minX && line.last!.box.maxX <= other.last!.box.maxX
            }
            if Double(height) < 0.6 * Double(digitHeight) && chains.contains(where: isUnder) || Double(height) < 0.35 * Double(digitHeight) {
                digits = []
            }
            small += line.filter { glyph in !digits.contains { $0.members == glyph.members } }
            if !digits.isEmpty { lines.append(digits) }
        }
        for glyph in small { place(glyph, into: &lines) }
        return lines.map { glyphs in
            let height = Self.medianHeight(glyphs)
            // The sides of a box drawn around the number, a margin line: a bar at either end, taller than the digits.
            let isBar = { (g: Glyph) in g.box.height * 20 > height * 27 && g.box.width * 5 < g.box.height }
            var glyphs = glyphs
            while glyphs.count > 1, isBar(glyphs[0]) { glyphs.removeFirst() }
            while glyphs.count > 1, isBar(glyphs[glyphs.count - 1]) { glyphs.removeLast() }
            return Line(glyphs: glyphs, height: height)
        }.sorted { centreY($0) < centreY($1) }
    }

    /// The glyphs that stand in a row with component `main` as the other digits of a number would (for
    /// predict, whose network then says whether they are digits): those of its line reached from it through
    /// gaps (the parts of one broken digit overlap across) no wider than a digit, side by side, as tall as it
    /// give or take half, and not within 4% of the image's edge (a sliver of desk, the edge of a sheet). Empty when
    /// `main` is in no line (it is no digit's height) or is a decimal point between two digits of one.
    func glyphsBeside(_ main: Int, labels: [Int32], components: [Component], width: Int, height: Int,
                      standsClear: (Int) -> Bool) -> [Glyph] {
        let found = lines(labels: labels, components: components, width: width, height: height, piecingTogether: false,
                          standsClear: standsClear)
        guard let line = found.first(where: { $0.glyphs.contains { $0.members.contains(main) } }) else { return [] }
        let glyphs = line.glyphs.filter { !$0.isPoint }
        guard let start = glyphs.firstIndex(where: { $0.members.contains(main) }) else { return [] }
        let digitHeight = glyphs[start].box.height
        func isDigit(_ g: Glyph) -> Bool {
            let (marginX, marginY) = (max(1, width / 25), max(1, height / 25))
            let atBorder = g.box.minX < marginX || g.box.minY < marginY || g.box.maxX >= width - marginX || g.box.maxY >= height - marginY
            return g.box.height * 3 >= digitHeight * 2 && g.box.height * 2 <= digitHeight * 3 && !atBorder && !isPieceOfALine(g)
        }
        // A sheet's edge or a frame's side, broken into pieces: a thin glyph that more thin pieces of the line
        // continue just above or below, as no digit beside another is.
        func isPieceOfALine(_ g: Glyph) -> Bool {
            guard g.box.width * 4 <= digitHeight else { return false }
            return components.indices.contains { index in
                let c = components[index]
                guard !g.members.contains(index), c.height >= 2 * c.width, c.height * 8 >= digitHeight,
                      c.maxX >= g.box.minX - g.box.width, c.minX <= g.box.maxX + g.box.width else { return false }
                let gap = max(c.minY - g.box.maxY, g.box.minY - c.maxY)
                return gap > 0 && gap <= digitHeight / 2
            }
        }
        var beside: [Glyph] = []
        for direction in [-1, 1] {
            var (previous, index) = (glyphs[start].box, start + direction)
            while glyphs.indices.contains(index), isDigit(glyphs[index]) {
                let box = glyphs[index].box
                let gap = max(box.minX - previous.maxX, previous.minX - box.maxX)
                let overlapDown = min(box.maxY, previous.maxY) - max(box.minY, previous.minY) + 1
                guard gap >= 1, gap <= digitHeight, overlapDown * 2 >= min(box.height, previous.height) else { break }
                beside.append(glyphs[index])
                (previous, index) = (box, index + direction)
            }
        }
        return beside
    }


    /// The digits' height: the upper quartile of the heights of the components big enough to count (a twentieth
    /// of the largest's area or more), so that points, commas and dust do not pull it down.
    static func digitHeight(_ components: [Component]) -> Int? {
        guard let largest = components.map(\.area).max(), largest > 0 else { return nil }
        let heights = components.filter { $0.area * 20 >= largest }.map(\.height).sorted()
        return heights.isEmpty ? nil : max(1, heights[heights.count * 3 / 4])
    }

    /// A frame drawn around the number: a component whose ink covers little of its box, and whose box holds
    /// another well inside it (a 0 holds nothing, or a speck).
    func isFrame(_ c: Component, among others: [Component]) -> Bool {
        guard c.area * 4 < c.width * c.height else { return false }
        let inside = others.filter { $0.minX > c.minX && $0.maxX < c.maxX && $0.minY > c.minY && $0.maxY < c.maxY }
        return inside.contains { $0.height * 5 < c.height * 4 && $0.height * 4 >= c.height }
    }

    /// Tall glyphs chained into lines from left to right: each joins the line whose last glyphs it overlaps
    /// most in height (at least 40% of the shorter of the two), so a slanted or drifting line stays one. A
    /// glyph short beside the others of the line it first joins (a comma, a small digit) is chained after
    /// them, to the line of its two nearest glyphs: a comma hanging below a slanted line would otherwise
    /// start a line of its own and take the digits after it along.
    func chained(_ glyphs: [Glyph]) -> [[Glyph]] {
        var short: [Glyph] = [], tall: [Glyph] = []
        for line in chainedInOrder(glyphs) {
            let height = Self.medianHeight(line)
            for glyph in line {
                if Double(glyph.box.height) < Self.shortShare * Double(height) { short.append(glyph) } else { tall.append(glyph) }
            }
        }
        var lines = chainedInOrder(tall)
        for glyph in short.sorted(by: { $0.box.minX < $1.box.minX }) {
            let centre = glyph.box.minX + glyph.box.width / 2
            let distance = { (other: Glyph) in abs(other.box.minX + other.box.width / 2 - centre) }
            let scored = lines.indices.map { line in
                (line: line, overlap: lines[line].sorted { distance($0) < distance($1) }.prefix(2).map { self.overlapShare(glyph, $0) }.max()!)
            }
            if let best = scored.max(by: { $0.overlap < $1.overlap }), best.overlap >= 0.4 {
                lines[best.line].insert(glyph, at: lines[best.line].firstIndex { $0.box.minX > glyph.box.minX } ?? lines[best.line].count)
            } else {
                lines.append([glyph])
            }
        }
        return lines
    }

    /// Small glyphs close together that, taken together, are as tall as a digit: one digit whose strokes came
    /// apart (a faint or skipping pen). Gives those digits, and the small glyphs left.
    static func piecedTogether(_ small: [Glyph], digitHeight: Int) -> (digits: [Glyph], small: [Glyph]) {
        let reach = max(1, Int(Self.piecesReach * Double(digitHeight)))
        let near = { (a: Component, b: Component) in
            max(a.minX, b.minX) - min(a.maxX, b.maxX) <= reach && max(a.minY, b.minY) - min(a.maxY, b.maxY) <= reach
        }
        // Clusters of pieces each near another of its cluster (single linkage).
        var cluster = Array(small.indices)
        func root(_ i: Int) -> Int { cluster[i] == i ? i : root(cluster[i]) }
        for i in small.indices {
            for j in small.indices where j > i && near(small[i].box, small[j].box) { cluster[root(j)] = root(i) }
        }
        let groups = Dictionary(grouping: small.indices, by: root).values.sorted { $0[0] < $1[0] }
        var digits: [Glyph] = [], left: [Glyph] = []
        for group in groups {
            var union = small[group[0]]
            for index in group.dropFirst() {
                union.members += small[index].members
                union.box.merge(small[index].box)
            }
            let isDigit = group.count > 1 && Double(union.box.height) >= Self.shortShare * Double(digitHeight)
                && union.box.height * 2 <= digitHeight * 3 && union.box.width * 5 <= digitHeight * 6
            if isDigit { digits.append(union) } else { left += group.map { small[$0] } }
        }
        return (digits, left)
    }

    /// How far apart (a share of the digit height) the pieces of one digit may lie.
    static let piecesReach = 0.2

    /// Glyphs under this share of their line's median height are chained last.
    static let shortShare = 0.65

    /// The chaining from left to right, against each line's last two glyphs (a short one must not break it).
    private func chainedInOrder(_ glyphs: [Glyph]) -> [[Glyph]] {
        var lines: [[Glyph]] = []
        for glyph in glyphs.sorted(by: { $0.box.minX < $1.box.minX }) {
            let scored = lines.indices.map { line in (line: line, overlap: lines[line].suffix(2).map { overlapShare(glyph, $0) }.max()!) }
            if let best = scored.max(by: { $0.overlap < $1.overlap }), best.overlap >= 0.4 {
                lines[best.line].append(glyph)
            } else {
                lines.append([glyph])
            }
        }
        return lines
    }

    /// How much two glyphs overlap in height, as a share of the shorter.
    private func overlapShare(_ a: Glyph, _ b: Glyph) -> Double {
        Double(overlapDown(a.box, b.box)) / Double(min(a.box.height, b.box.height))
    }

    /// A small glyph put in its line: a decimal point when it is clearly one (a dot, in a gap between two
    /// digits, sitting on their baseline); anything else small (a comma, a dash, a fragment) is left out.
    func place(_ glyph: Glyph, into lines: inout [[Glyph]]) {
        let c = glyph.box
        let centreX = c.minX + c.width / 2
        for line in lines.indices {
            let digits = lines[line]
            guard let next = digits.firstIndex(where: { $0.box.minX + $0.box.width / 2 > centreX }), next > 0 else { continue }
            let (left, right) = (digits[next - 1].box, digits[next].box)
            guard !digits[next - 1].isPoint, centreX > left.maxX - left.width / 4, centreX < right.minX + right.width / 4 else { continue }
            let top = Double(left.minY + right.minY) / 2, baseline = Double(left.maxY + right.maxY) / 2
            let lineHeight = baseline - top
            // In this line's band, or it belongs to another line.
            guard Double(c.minY) >= top - 0.2 * lineHeight && Double(c.maxY) <= baseline + 0.5 * lineHeight else { continue }
            // A dot a little below the baseline (its digits' bottoms vary) must be round: a comma is taller.
            let (longer, shorter) = (Double(max(c.width, c.height)), Double(min(c.width, c.height)))
            let below = Double(c.maxY) - baseline
            let isDot = longer <= 0.3 * lineHeight && longer <= 2.2 * shorter
                && Double(c.minY) >= top + 0.55 * lineHeight
                && (below <= 0.12 * lineHeight || below <= 0.25 * lineHeight && longer <= 1.4 * shorter)
                && below >= -0.25 * lineHeight
            if isDot {
                var point = glyph
                point.isPoint = true
                lines[line].insert(point, at: next)
            }
            return
        }
    }

    private func overlapAcross(_ a: Component, _ b: Component) -> Int { max(0, min(a.maxX, b.maxX) - max(a.minX, b.minX) + 1) }
    private func overlapDown(_ a: Component, _ b: Component) -> Int { max(0, min(a.maxY, b.maxY) - max(a.minY, b.minY) + 1) }
    private func gapDown(_ a: Component, _ b: Component) -> Double { Double(max(0, max(a.minY - b.maxY, b.minY - a.maxY))) }
    private func centreY(_ line: Line) -> Double {
        Double(line.glyphs.reduce(0) { $0 + $1.box.minY + $1.box.maxY }) / Double(2 * max(line.glyphs.count, 1))
    }

    static func median(_ values: [Int]) -> Int {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    static func medianHeight(_ glyphs: [Glyph]) -> Int {
        let heights = glyphs.map(\.box.height).sorted()
        return heights.isEmpty ? 0 : heights[heights.count / 2]
    }
}
