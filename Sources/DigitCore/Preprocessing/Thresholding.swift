/// How many of `values` there are at each level, 0-255.
func histogram(of values: [UInt8]) -> [Int] {
    var histogram = [Int](repeating: 0, count: 256)
    for value in values { histogram[Int(value)] += 1 }
    return histogram
}

/// The smallest level with more than `share` of a histogram's count at or below it.
func percentile(_ histogram: [Int], _ share: Double) -> Int {
    let total = Double(histogram.reduce(0, +))
    var count = 0
    for level in histogram.indices {
        count += histogram[level]
        if Double(count) > share * total { return level }
    }
    return histogram.count - 1
}

/// Otsu's threshold for 8-bit values: the level that best separates two classes (maximal between-class
/// variance). Also returns the two classes' mean values and the low class's standard deviation, which tell
/// ink from a blank page.
func otsuThreshold(_ values: [UInt8]) -> (threshold: UInt8, lowMean: Double, highMean: Double, lowDeviation: Double) {
    let histogram = histogram(of: values)
    let total = Double(values.count)
    let sumAll = (0..<256).reduce(0.0) { $0 + Double($1 * histogram[$1]) }
    var best = (threshold: 0, variance: -1.0, lowMean: 0.0, highMean: 0.0)
    var lowCount = 0.0, lowSum = 0.0
    for level in 0..<255 {
        lowCount += Double(histogram[level])
        lowSum += Double(level * histogram[level])
        let highCount = total - lowCount
        guard lowCount > 0, highCount > 0 else { continue }
        let lowMean = lowSum / lowCount, highMean = (sumAll - lowSum) / highCount
        let variance = lowCount * highCount * (lowMean - highMean) * (lowMean - highMean)
        if variance > best.variance { best = (level, variance, lowMean, highMean) }
    }
    var lowSquares = 0.0, lowTotal = 0.0
    for level in 0...best.threshold {
        lowTotal += Double(histogram[level])
        lowSquares += Double(histogram[level]) * (Double(level) - best.lowMean) * (Double(level) - best.lowMean)
    }
    return (UInt8(best.threshold), best.lowMean, best.highMean, lowTotal > 0 ? (lowSquares / lowTotal).squareRoot() : 0)
}

/// A connected region of a binary mask (8-connectivity).
struct Component {
    var area = 0
    var minX = Int.max, minY = Int.max, maxX = Int.min, maxY = Int.min
    var width: Int { maxX - minX + 1 }
    var height: Int { maxY - minY + 1 }

    /// Grown to hold `other` as well (its box and area).
    mutating func merge(_ other: Component) {
        area += other.area
        minX = min(minX, other.minX); maxX = max(maxX, other.maxX)
        minY = min(minY, other.minY); maxY = max(maxY, other.maxY)
    }

    mutating func include(x: Int, y: Int) {
        area += 1
        minX = min(minX, x); maxX = max(maxX, x)
        minY = min(minY, y); maxY = max(maxY, y)
    }
}

/// Labels the set pixels of `mask` (width × height) by connected component: returns each pixel's
/// component index (−1 for unset pixels) and the components.
func connectedComponents(_ mask: [Bool], width: Int, height: Int) -> (labels: [Int32], components: [Component]) {
    var labels = [Int32](repeating: -1, count: mask.count)
    var components: [Component] = []
    var stack: [Int] = []
    for start in mask.indices where mask[start] && labels[start] < 0 {
        let label = Int32(components.count)
        var component = Component()
        labels[start] = label
        stack.append(start)
        while let index = stack.popLast() {
            let x = index % width, y = index / width
            component.include(x: x, y: y)
            for dy in -1...1 {
                let ny = y + dy
                guard ny >= 0 && ny < height else { continue }
                for dx in -1...1 {
                    let nx = x + dx
                    guard nx >= 0 && nx < width else { continue }
                    let neighbour = ny * width + nx
                    if mask[neighbour] && labels[neighbour] < 0 {
                        labels[neighbour] = label
                        stack.append(neighbour)
                    }
                }
            }
        }
        components.append(component)
    }
    return (labels, components)
}
