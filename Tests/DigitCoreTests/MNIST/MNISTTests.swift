@testable import DigitCore
import Foundation
import Testing

/// IDX parsing on small files written here; the real data set is exercised by the training tests.
@Suite struct MNISTTests {
    func idx(magic: UInt32, dimensions: [UInt32], data: [UInt8]) -> [UInt8] {
        let bigEndian = { (v: UInt32) in [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        return bigEndian(magic) + dimensions.flatMap(bigEndian) + data
    }

    func write(_ files: [String: [UInt8]]) throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: directory.path(name))) }
        return directory
    }

    @Test func readsRawFiles() throws {
        let images = (0..<3 * 784).map { UInt8($0 % 251) }
        let directory = try write([
            "t10k-images-idx3-ubyte": idx(magic: 0x803, dimensions: [3, 28, 28], data: images),
            "t10k-labels-idx1-ubyte": idx(magic: 0x801, dimensions: [3], data: [7, 0, 9]),
        ])
        let set = try MNIST.load(.test, from: directory.root)
        #expect(set.count == 3 && set.labels == [7, 0, 9] && set.images == images)
    }

    @Test func headerErrorsNameTheFileAndTheReason() throws {
        let images = idx(magic: 0x803, dimensions: [2, 28, 28], data: [UInt8](repeating: 1, count: 2 * 784))
        let labels = idx(magic: 0x801, dimensions: [2], data: [1, 2])
        let cases: [(images: [UInt8], labels: [UInt8], reason: String)] = [
            (Array(images.prefix(100)), labels, "truncated: expected 1568 more bytes, found 84"),
            (idx(magic: 0x801, dimensions: [2], data: [1, 2]), labels, "not an IDX file of this kind: magic 0x801, expected 0x803"),
            (idx(magic: 0x803, dimensions: [2, 20, 20], data: [UInt8](repeating: 0, count: 800)), labels, "expected 28×28 images, found 20×20"),
            (images + [0], labels, "more data than its dimensions [2, 28, 28] declare"),
            (images, idx(magic: 0x801, dimensions: [3], data: [1, 2, 3]), "3 labels for 2 images"),
            (images, idx(magic: 0x801, dimensions: [2], data: [1, 12]), "label 12 is not a digit"),
        ]
        for (imageBytes, labelBytes, reason) in cases {
            let directory = try write(["train-images-idx3-ubyte": imageBytes, "train-labels-idx1-ubyte": labelBytes])
            #expect(throws: MNISTError.self) { try MNIST.load(.train, from: directory.root) }
            do {
                _ = try MNIST.load(.train, from: directory.root)
            } catch {
                #expect(error.reason == reason)
            }
        }
        let empty = try TemporaryDirectory()
        #expect(throws: MNISTError(path: empty.path("train-images-idx3-ubyte.gz"), reason: "not found (nor without .gz)")) {
            try MNIST.load(.train, from: empty.root)
        }
    }

    @Test func extraDataMayHoldNonDigits() throws {
        let directory = try write([
            "train-images-idx3-ubyte": idx(magic: 0x803, dimensions: [2, 28, 28], data: [UInt8](repeating: 9, count: 2 * 784)),
            "train-labels-idx1-ubyte": idx(magic: 0x801, dimensions: [2], data: [4, MNISTSet.notADigit]),
        ])
        #expect(throws: MNISTError.self) { try MNIST.load(.train, from: directory.root) }
        let set = try MNIST.load(.train, from: directory.root, allowingNonDigits: true)
        #expect(set.labels == [4, 255])
        #expect(set.appending(set).count == 4)
    }
}
