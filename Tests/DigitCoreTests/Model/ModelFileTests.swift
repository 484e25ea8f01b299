@testable import DigitCore
import Foundation
import Testing

@Suite struct ModelFileTests {
    let model: Model

    init() throws {
        let network = Network(architecture: try Architecture(parsing: "conv3x3:4:bias,relu,maxpool2,dense:8,relu,softmax"), seed: 9)
        model = Model(network: network, temperature: 1.25, metadata: ["seed": "9", "command": "digitcli train --epochs 2", "test_accuracy": "0.9876"])
    }

    @Test func roundTrip() throws {
        let decoded = try ModelFile.decode(ModelFile.encode(model))
        #expect(decoded.architecture == model.architecture)
        #expect(decoded.network.parameters == model.network.parameters)
        #expect(decoded.temperature == 1.25)
        #expect(decoded.metadata == model.metadata)
    }

    @Test func layoutStartsWithMagicAndVersion() {
        let bytes = ModelFile.encode(model)
        #expect(Array(bytes[0..<8]) == Array("DCNN".utf8) + [1, 0, 0, 0])
        // header, parameter count, parameters and checksum account for every byte
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
        #expect(bytes.count == 12 + headerLength + 4 + 4 * model.network.parameterCount + 4)
    }

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
        bytes[4] = 2
        #expect(throws: ModelFile.Error.newerVersion(2)) { try ModelFile.decode(bytes) }
        #expect(ModelFile.Error.newerVersion(2).description
                == "model file format version 2 is newer than this digitcli reads (1); upgrade digitcli")
    }

    @Test func atomicWriteReplacesAndLeavesNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("model.dcnn")
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try ModelFile.write(model, to: path)
        #expect(try ModelFile.read(from: path).network.parameters == model.network.parameters)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.root) == ["model.dcnn"])
        // A write that cannot happen leaves the old file as it was.
        #expect(throws: ModelFile.Error.self) { try ModelFile.write(model, to: directory.path("missing/model.dcnn")) }
        #expect(throws: ModelFile.Error.io("cannot read model: \(directory.root) is a directory")) {
            try ModelFile.read(from: directory.root)
        }
    }
}
