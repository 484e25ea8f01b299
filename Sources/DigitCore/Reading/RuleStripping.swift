/// Reading, stage 0, rules: takes the ink mask of a whole image, gives its components with the lines that
/// run across the page taken off the digits they cross. A ruled line that a number is written on joins its
/// digits into one component as wide as the page (InkMask leaves out ruled paper only where three lines or
/// more show). Along such a component the line is thin: where a column holds no more ink than the line's
/// own thickness, that ink is the line's, and it goes; where a digit's stroke crosses, the column holds more
/// and stays.
struct RuleStripping {
    func components(_ mask: [Bool], width: Int, height: Int) -> (labels: [Int32], components: [Component]) {
        let found = connectedComponents(mask, width: width, height: height)
        var stripped = mask
        var changed = false
        for (index, c) in found.components.enumerated() {
            for horizontal in [true, false] {
                let (length, across) = horizontal ? (c.width, c.height) : (c.height, c.width)
                // A rule runs across the page; alone it is far longer than the number is tall, and squared paper's
                // lines, crossing, are thin beside the page.
                guard length * 10 >= (horizontal ? width : height) * 9, across > 1 else { continue }
                changed = strip(Int32(index), c, horizontal: horizontal, elongated: length >= 3 * across, labels: found.labels,
                                width: width, mask: &stripped) || changed
            }
        }
        return changed ? connectedComponents(stripped, width: width, height: height) : found
    }

    /// Takes the line out of component `label`: in each of its columns (rows, for a vertical line), the runs of
    /// ink that lie on the line (the rows that hold ink along half the component or more) and are no thicker
    /// than it. Its thickness is the median of its columns' ink; a component whose median column is not thin
    /// beside its extent (very thin, for one no longer than three times its extent: a grid) is no line.
    private func strip(_ label: Int32, _ c: Component, horizontal: Bool, elongated: Bool, labels: [Int32], width: Int,
                       mask: inout [Bool]) -> Bool {
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
        var changed = false
        for along in alongRange {
            var across = acrossRange.lowerBound
            while across <= acrossRange.upperBound {
                guard labels[index(along, across)] == label else {
                    across += 1
                    continue
                }
                var end = across
                while end + 1 <= acrossRange.upperBound && labels[index(along, end + 1)] == label { end += 1 }
                if end - across + 1 <= thickest && onLine[(across - acrossRange.lowerBound)...(end - acrossRange.lowerBound)].contains(true) {
                    for a in across...end { mask[index(along, a)] = false }
                    changed = true
                }
                across = end + 1
            }
        }
        return changed
    }
}
