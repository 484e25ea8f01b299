@testable import DigitCore
import CZlib
import Foundation
import Testing

@Suite struct ModelFileTests {
    let model: Model
    let ensemble: Model

    init() throws {
        let architecture = try Architecture(parsing: "conv3x3:4:bias,relu,maxpool2,dense:8,relu,softmax")
        model = Model(network: Network(architecture: architecture, seed: 9), temperature: 1.25,
                      metadata: ["seed": "9", "command": "digitcli train --epochs 2", "test_accuracy": "0.9876"])
        ensemble = Model(networks: (9...11).map { Network(architecture: architecture, seed: $0) }, temperature: 0.75)
    }

    @Test func roundTrip() throws {
        let decoded = try ModelFile.decode(ModelFile.encode(model))
        #expect(decoded.architecture == model.architecture)
        #expect(decoded.networks.map(\.parameters) == model.networks.map(\.parameters))
        #expect(decoded.temperature == 1.25)
        #expect(decoded.metadata == model.metadata)
    }

    @Test func ensembleRoundTripKeepsEachMember() throws {
        let decoded = try ModelFile.decode(ModelFile.encode(ensemble))
        #expect(decoded.networks.count == 3)
        #expect(decoded.networks.map(\.parameters) == ensemble.networks.map(\.parameters))
        #expect(decoded.networks[0].parameters != decoded.networks[1].parameters)
        #expect(decoded.temperature == 0.75)
    }

    @Test func layoutStartsWithMagicAndVersion() {
        for model in [model, ensemble] {
            let bytes = ModelFile.encode(model)
            #expect(Array(bytes[0..<8]) == Array("DCNN".utf8) + [2, 0, 0, 0])
            // header, parameter count, parameters and checksum account for every byte
            let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            #expect(bytes.count == 12 + headerLength + 4 + 4 * model.parameterCount + 4)
            #expect((12 + headerLength + 4) % 64 == 0, "the parameters start on a 64-byte boundary")
        }
    }

    /// Version 1, written before ensembles, has no `members` line: one network.
    @Test func versionOneFilesAreStillRead() throws {
        let header = "architecture=\(model.architecture)\ntemperature=1.25\nseed=9\n"
        var bytes = Array("DCNN".utf8) + littleEndian(1) + littleEndian(UInt32(header.utf8.count)) + Array(header.utf8)
        bytes += littleEndian(UInt32(model.parameterCount)) + model.networks[0].parameters.flatMap { littleEndian($0.bitPattern) }
        bytes += littleEndian(UInt32(bytes.withUnsafeBytes { crc32(0, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt32($0.count)) }))
        let decoded = try ModelFile.decode(bytes)
        #expect(decoded.networks.count == 1)
        #expect(decoded.networks[0].parameters == model.networks[0].parameters)
        #expect(decoded.metadata == ["seed": "9"])
    }

    @Test func aMemberCountThatDoesNotDivideTheParametersIsRefused() {
        var header = ModelFile.encode(ensemble)
        let text = Array("members=3".utf8), index = header.indices.first { header[$0...].starts(with: text) }!
        header[index + 8] = UInt8(ascii: "4")   // same length, so only the checksum has to be redone
        header.removeLast(4)
        header += littleEndian(UInt32(header.withUnsafeBytes { crc32(0, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt32($0.count)) }))
        #expect(throws: ModelFile.Error.malformed(reason: "no valid member count")) { try ModelFile.decode(header) }
    }

    private func littleEndian(_ value: UInt32) -> [UInt8] { [0, 8, 16, 24].map { UInt8(truncatingIfNeeded: value >> $0) } }

    @Test func truncatedFilesAreRefused() {
        let bytes = ModelFile.encode(model)
        for length in [0, 2, 6, 11, 20, bytes.count / 2, bytes.count - 5, bytes.count - 1] {
            #expect(throws: ModelFile.Error.truncated, "cut at \(length)") { try ModelFile.decode(Array(bytes.prefix(length))) }
        }
    }

    @Test func corruptionIsCaughtByTheChecksum() {
        var bytes = ModelFile.encode(model)
        bytes[bytes.count / 2] ^= 0x01   // one bit of one weight
        #expect(throws: ModelFile.Error.checksumMismatch) { try ModelFile.decode(bytes) }
    }

    @Test func wrongMagicAndNewerVersion() {
        var bytes = ModelFile.encode(model)
        #expect(throws: ModelFile.Error.notAModel) { try ModelFile.decode(Array("GIF89a and more".utf8)) }
        bytes[4] = 3
        #expect(throws: ModelFile.Error.newerVersion(3)) { try ModelFile.decode(bytes) }
        #expect(ModelFile.Error.newerVersion(3).description
                == "model file format version 3 is newer than this digitcli reads (2); upgrade digitcli")
    }

    @Test func atomicWriteReplacesAndLeavesNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("model.dcnn")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try ModelFile.write(model, to: path)
        #expect(try ModelFile.read(from: path).networks[0].parameters == model.networks[0].parameters)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.root) == ["model.dcnn"])
        // A write that cannot happen leaves the old file as it was.
        #expect(throws: ModelFile.Error.self) { try ModelFile.write(model, to: directory.path("missing/model.dcnn")) }
        #expect(throws: ModelFile.Error.io("cannot read model: \(directory.root) is a directory")) {
            try ModelFile.read(from: directory.root)
        }
    }
}
