import CZlib

/// One split of MNIST (or any data in its IDX layout): 28×28 gray images, ink-high (0 is background),
/// and their labels 0–9.
public struct MNISTSet: Sendable {
    public static let side = 28
    public static let pixelsPerImage = side * side
    /// The label of an image that shows no digit (a letter, a scribble): trained towards equal
    /// probabilities for all ten, so that the network learns to doubt such shapes.
    public static let notADigit: UInt8 = 255

    /// (count, 28, 28) bytes.
    public var images: [UInt8]
    public var labels: [UInt8]
    public var count: Int { labels.count }

    public init(images: [UInt8], labels: [UInt8]) {
        precondition(images.count == labels.count * Self.pixelsPerImage, "images and labels differ in count")
        self.images = images
        self.labels = labels
    }

    /// This set followed by `other`.
    public func appending(_ other: MNISTSet) -> MNISTSet {
        MNISTSet(images: images + other.images, labels: labels + other.labels)
    }

    /// The images from `range`, as a new set.
    public func subset(_ range: Range<Int>) -> MNISTSet {
        MNISTSet(images: Array(images[range.lowerBound * Self.pixelsPerImage..<range.upperBound * Self.pixelsPerImage]),
                 labels: Array(labels[range]))
    }
}

public enum MNISTSplit: String, Sendable {
    case train, test

    var imagesFile: String { self == .train ? "train-images-idx3-ubyte" : "t10k-images-idx3-ubyte" }
    var labelsFile: String { self == .train ? "train-labels-idx1-ubyte" : "t10k-labels-idx1-ubyte" }
}

public struct MNISTError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

public enum MNIST {
    /// The environment variable that names the data folder when `--data` is not given.
    public static let environmentVariable = "DIGITCLI_MNIST"

    /// Reads one split from `directory`, holding the standard file names, gzip-compressed (`.gz`) or raw.
    /// Labels are digits; with `allowingNonDigits`, `MNISTSet.notADigit` too (extra training data).
    public static func load(_ split: MNISTSplit, from directory: String, allowingNonDigits: Bool = false) throws(MNISTError) -> MNISTSet {
        let imagesPath = try locate(split.imagesFile, in: directory)
        let labelsPath = try locate(split.labelsFile, in: directory)
        let images = try readIDX(imagesPath, magic: 0x0000_0803)
        let labels = try readIDX(labelsPath, magic: 0x0000_0801)
        guard images.dimensions.count == 3, images.dimensions[1] == MNISTSet.side, images.dimensions[2] == MNISTSet.side else {
            throw MNISTError(path: imagesPath, reason: "expected 28×28 images, found \(images.dimensions.dropFirst().map(String.init).joined(separator: "×"))")
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw MNISTError(path: labelsPath, reason: "\(labels.dimensions[0]) labels for \(images.dimensions[0]) images")
        }
        if let bad = labels.data.first(where: { $0 > 9 && !(allowingNonDigits && $0 == MNISTSet.notADigit) }) {
            throw MNISTError(path: labelsPath, reason: "label \(bad) is not a digit")
        }
        return MNISTSet(images: images.data, labels: labels.data)
    }

    private static func locate(_ name: String, in directory: String) throws(MNISTError) -> String {
        for candidate in ["\(directory)/\(name).gz", "\(directory)/\(name)"] where access(candidate, R_OK) == 0 {
            return candidate
        }
        throw MNISTError(path: "\(directory)/\(name).gz", reason: "not found (nor without .gz)")
    }

    /// Reads an IDX file of unsigned bytes: magic (0x0000_08NN, NN dimensions), the dimensions as
    /// big-endian UInt32, then exactly their product of bytes. zlib reads gzip and raw files alike.
    static func readIDX(_ path: String, magic expectedMagic: UInt32) throws(MNISTError) -> (dimensions: [Int], data: [UInt8]) {
        guard let file = gzopen(path, "rb") else {
            throw MNISTError(path: path, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { gzclose(file) }
        func read(_ count: Int) throws(MNISTError) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let chunk = Int32(min(count - filled, 1 << 30))
                let got = bytes.withUnsafeMutableBytes { gzread(file, $0.baseAddress! + filled, UInt32(chunk)) }
                if got < 0 { throw MNISTError(path: path, reason: "corrupt gzip data") }
                if got == 0 { break }
                filled += Int(got)
            }
            guard filled == count else {
                throw MNISTError(path: path, reason: "truncated: expected \(count) more bytes, found \(filled)")
            }
            return bytes
        }
        func bigEndian(_ bytes: ArraySlice<UInt8>) -> UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }

        let header = try read(4)
        let magic = bigEndian(header[...])
        guard magic == expectedMagic else {
            let hex = { (value: UInt32) in "0x" + String(value, radix: 16, uppercase: true) }
            throw MNISTError(path: path, reason: "not an IDX file of this kind: magic \(hex(magic)), expected \(hex(expectedMagic))")
        }
        let dimensionBytes = try read(4 * Int(magic & 0xFF))
        let dimensions = stride(from: 0, to: dimensionBytes.count, by: 4).map { Int(bigEndian(dimensionBytes[$0..<$0 + 4])) }
        let total = dimensions.reduce(1, *)
        guard total <= 1 << 31 else { throw MNISTError(path: path, reason: "implausible dimensions \(dimensions)") }
        let data = try read(total)
        var extra: UInt8 = 0
        guard gzread(file, &extra, 1) == 0 else {
            throw MNISTError(path: path, reason: "more data than its dimensions \(dimensions) declare")
        }
        return (dimensions, data)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
