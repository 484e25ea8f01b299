/// Stage 5, components, first step (for `DigitComponents` and `NumberReader`): takes the ink mask and the
/// ruled lines InkMask took out of it, gives its components with the lines that run across the page taken
/// off the digits they cross. A ruled line that a number is written on joins its digits into one component
/// as wide as the page (InkMask leaves out ruled paper only where three lines or more show). Along such a
/// component the line is thin: where a column holds no more ink than the line's own thickness, that ink is the
/// line's, and it goes, unless it is darker than the line (a 7's bar lying along it); where a digit's stroke
/// crosses, the column holds more and stays. A rule broken into segments (squared paper's crossing lines taken
/// out of it) is taken off the same way where its segments, with the digits between them, reach across the
/// page. Shadows' bands across the page go first (`ShadowBands`).
///
/// The labels it gives mark the ink of every rule and band taken off, here or by InkMask (`rules`), as
/// `DigitComponents.ruleLabel`: it is neither a digit's ink nor paper, against which a digit's contrast is
/// measured.
struct RuleStripping {
    /// The components of InkMask's `found` mask, its rules and shadows' bands (`ShadowBands`) taken off.
    func components(_ found: InkMask.Result) -> (labels: [Int32], components: [Component]) {
        let (labels, components, stripped) = strippedComponents(found.mask, ink: found.ink)
        guard stripped || !found.rules.isEmpty else { return (labels, components) }
        // The mask's ink that no component holds any more was a rule's, or a band's.
        return (Self.marking(labels, strippedFrom: stripped ? found.mask : nil, rules: found.rules), components)
    }

    /// `labels`, with the paper that is a rule's ink labelled `DigitComponents.ruleLabel`: InkMask's `rules`,
    /// and the ink of `mask` (when rules were taken off it here).
    private static func marking(_ labels: [Int32], strippedFrom mask: [Bool]?, rules: [Bool]) -> [Int32] {
        var labels = labels
        for index in labels.indices where labels[index] == DigitComponents.paperLabel
            && (mask?[index] == true || !rules.isEmpty && rules[index]) {
            labels[index] = DigitComponents.ruleLabel
        }
        return labels
    }

    /// The components with the rules and bands taken off, and whether there were any to take off.
    private func strippedComponents(_ mask: [Bool], ink: GrayImage) -> (labels: [Int32], components: [Component], stripped: Bool) {
        let (width, height) = (ink.width, ink.height)
        let found = connectedComponents(mask, width: width, height: height)
        var stripped = mask
        var changed = ShadowBands().takeOff(from: &stripped, labels: found.labels, components: found.components, ink: ink)
        for (index, c) in found.components.enumerated() {
            for horizontal in [true, false] {
                let (length, across) = horizontal ? (c.width, c.height) : (c.height, c.width)
                // A rule runs across the page; alone it is far longer than the number is tall, and squared paper's
                // lines, crossing, are thin beside the page.
                guard length * 10 >= (horizontal ? width : height) * 9, across > 1 else { continue }
                changed = strip(Int32(index), c, horizontal: horizontal, elongated: length >= 3 * across, labels: found.labels,
                                ink: ink, mask: &stripped) || changed
            }
        }
        for horizontal in [true, false] {
            changed = stripBrokenRules(found, horizontal: horizontal, ink: ink, mask: &stripped) || changed
        }
        guard changed else { return (found.labels, found.components, false) }
        let (labels, components) = connectedComponents(stripped, width: width, height: height)
        return (labels, components, true)
    }

    /// Takes off the rules that InkMask broke into segments where squared paper's crossing lines were: thin
    /// segments (three times as long as thick or more, a fiftieth of the page long or more, and thin beside it)
    /// lying end to end in one band, with the components between them (digits the rule crosses). Where such a
    /// chain of two segments or more reaches across nine tenths of the page, each member loses its runs of ink
    /// across the band that are no thicker than the rule (a digit's stroke crossing it is thicker and stays).
    private func stripBrokenRules(_ found: (labels: [Int32], components: [Component]), horizontal: Bool, ink: GrayImage,
                                  mask: inout [Bool]) -> Bool {
        let (width, height) = (ink.width, ink.height)
        let components = found.components
        let extent = { (c: Component) -> (along: ClosedRange<Int>, across: ClosedRange<Int>) in
            horizontal ? (c.minX...c.maxX, c.minY...c.maxY) : (c.minY...c.maxY, c.minX...c.maxX)
        }
        let pageLength = horizontal ? width : height
        let isSegment = components.map { c in
            let (along, across) = extent(c)
            return along.count >= 3 * across.count && across.count * 30 <= pageLength && along.count * 50 >= pageLength
        }
        // Left to right (top to bottom).
        let order = components.indices.sorted { extent(components[$0]).along.lowerBound < extent(components[$1]).along.lowerBound }
        let segments = order.indices.filter { isSegment[order[$0]] }
        guard segments.count >= 2 else { return false }
        let thickness = segments.map { extent(components[order[$0]]).across.count }.sorted()[segments.count / 2]
        // The crossing lines taken out leave gaps about as wide as the rule is thick.
        let widestGap = 2 * thickness + 2
        var changed = false
        var used = Set<Int>()
        for start in segments where !used.contains(order[start]) {
            // The nearest segment or component next in the band, across a gap no wider than a crossing line,
            // one after the other. The band follows the segments (a tilted page's rule drifts across).
            var chain = [order[start]]
            var (reach, band) = extent(components[order[start]])
            var position = start + 1
            while position < order.count, extent(components[order[position]]).along.lowerBound <= reach.upperBound + widestGap + 1 {
                let index = order[position]
                position += 1
                let (along, across) = extent(components[index])
                // A digit on the rule holds the band's rows.
                guard !used.contains(index), along.lowerBound > reach.lowerBound, across.overlaps(band),
                      isSegment[index] ? abs(across.count - thickness) <= thickness
                          : across.lowerBound <= band.lowerBound + 1 && across.upperBound >= band.upperBound - 1 else { continue }
                chain.append(index)
                reach = reach.lowerBound...max(reach.upperBound, along.upperBound)
                if isSegment[index] { band = across }
            }
            let pieces = chain.filter { isSegment[$0] }.map { extent(components[$0]) }
            guard reach.count * 10 >= pageLength * 9, pieces.count >= 2 else { continue }
            used.formUnion(chain)
            for member in chain {
                // Each member against the band of the segment nearest it along the rule.
                let (along, _) = extent(components[member])
                let middle = (along.lowerBound + along.upperBound) / 2
                let distance = { (range: ClosedRange<Int>) in range.contains(middle) ? 0 : min(abs(range.lowerBound - middle), abs(range.upperBound - middle)) }
                let near = pieces.min { distance($0.along) < distance($1.along) }!.across
                let onBand = (near.lowerBound - 1)...(near.upperBound + 1)
                changed = removeRuns(Int32(member), components[member], horizontal: horizontal, thickest: thickness + thickness / 2 + 1,
                                     labels: found.labels, ink: ink, mask: &mask) { $0.overlaps(onBand) } || changed
            }
        }
        return changed
    }

    /// Takes the line out of component `label`: in each of its columns (rows, for a vertical line), the runs of
    /// ink that lie on the line (the rows that hold ink along half the component or more) and are no thicker
    /// than it. Its thickness is the median of its columns' ink; a component whose median column is not thin
    /// beside its extent (very thin, for one no longer than three times its extent: a grid) is no line.
    private func strip(_ label: Int32, _ c: Component, horizontal: Bool, elongated: Bool, labels: [Int32], ink: GrayImage,
                       mask: inout [Bool]) -> Bool {
        let width = ink.width
        let (alongRange, acrossRange) = horizontal ? (c.minX...c.maxX, c.minY...c.maxY) : (c.minY...c.maxY, c.minX...c.maxX)
        let index = { (along: Int, across: Int) in horizontal ? across * width + along : along * width + across }
        var counts: [Int] = []
        for along in alongRange {
            counts.append(acrossRange.reduce(0) { $0 + (labels[index(along, $1)] == label ? 1 : 0) })
        }
        let thickness = counts.sorted()[counts.count / 2]
        guard thickness > 0, thickness * 3 <= acrossRange.count, elongated || thickness * 8 <= acrossRange.count else { return false }
        let thickest = thickness + thickness / 2 + 1
        let onLine = acrossRange.map { across in
            alongRange.reduce(0) { $0 + (labels[index($1, across)] == label ? 1 : 0) } * 2 >= alongRange.count
        }
        guard onLine.contains(true) else { return false }
        return removeRuns(label, c, horizontal: horizontal, thickest: thickest, labels: labels, ink: ink, mask: &mask) { run in
            onLine[(run.lowerBound - acrossRange.lowerBound)...(run.upperBound - acrossRange.lowerBound)].contains(true)
        }
    }

    /// How many of the line's spreads a run must be darker than its level by to be a stroke's.
    static let strokeSpreads = 2
    /// And by how many levels at least.
    static let grain = 3

    /// In component `label`, each run of its ink across the line (down a column, for a horizontal line) that is
    /// no thicker than `thickest` and `isOnLine` (given the rows, or columns, it spans) goes, unless it is darker
    /// than the line: a stroke lying along it (a 7's bar). Whether any went.
    private func removeRuns(_ label: Int32, _ c: Component, horizontal: Bool, thickest: Int, labels: [Int32], ink: GrayImage,
                            mask: inout [Bool], isOnLine: (ClosedRange<Int>) -> Bool) -> Bool {
        let width = ink.width
        let (alongRange, acrossRange) = horizontal ? (c.minX...c.maxX, c.minY...c.maxY) : (c.minY...c.maxY, c.minX...c.maxX)
        let index = { (along: Int, across: Int) in horizontal ? across * width + along : along * width + across }
        var runs: [(along: Int, across: ClosedRange<Int>, mean: Int)] = []
        var histogram = [Int](repeating: 0, count: 256)
        for along in alongRange {
            var across = acrossRange.lowerBound
            while across <= acrossRange.upperBound {
                guard labels[index(along, across)] == label else {
                    across += 1
                    continue
                }
                var end = across
                while end + 1 <= acrossRange.upperBound && labels[index(along, end + 1)] == label { end += 1 }
                if end - across + 1 <= thickest && isOnLine(across...end) {
                    var sum = 0
                    for a in across...end { sum += Int(ink.pixels[index(along, a)]) }
                    let mean = sum / (end - across + 1)
                    runs.append((along, across...end, mean))
                    histogram[mean] += 1
                }
                across = end + 1
            }
        }
        guard !runs.isEmpty else { return false }
        // The line's own level is its runs' median, and its spread their interquartile range: a run darker than
        // the line by more than twice that spread (and a few levels of grain) is ink on it.
        let level = percentile(histogram, 0.5)
        let spread = percentile(histogram, 0.75) - percentile(histogram, 0.25)
        let stroke = level + Self.strokeSpreads * spread + Self.grain
        var changed = false
        for run in runs where run.mean < stroke {
            for a in run.across { mask[index(run.along, a)] = false }
            changed = true
        }
        return changed
    }
}
