import DigitCore
import Foundation
import Testing

/// The built-in models are read at start-up without their CRC-32 (it is part of the binary); here it
/// is checked instead, against the bytes embedded and against models/*.dcnn (issue 13).
@Suite struct BuiltInModelTests {
    static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("models")

    @Test func theEmbeddedBytesAreTheModelFilesWithTheirChecksums() throws {
        let files = BuiltInModels.files
        #expect(files.map(\.name) == ["default", "seed", "verifier"])
        for (name, bytes) in files {
            let checked = try ModelFile.decode(bytes, verifyingChecksum: true)
            let onDisk = try Data(contentsOf: Self.models.appendingPathComponent("\(name).dcnn"))
            #expect(Array(bytes) == Array(onDisk), "\(name): the binary embeds models/\(name).dcnn")
            let loaded = try #require(try BuiltInModels.load(name))
            #expect(loaded.parameterCount == checked.parameterCount && loaded.temperature == checked.temperature)
            #expect(loaded.networks.map(\.parameters) == checked.networks.map(\.parameters), "\(name): the same parameters, bit for bit")
        }
    }

    @Test func aFileFromDiskIsStillChecked() throws {
        var bytes = Array(try Data(contentsOf: Self.models.appendingPathComponent("seed.dcnn")))
        bytes[bytes.count / 2] ^= 0x40
        #expect(throws: ModelFile.Error.checksumMismatch) { try ModelFile.decode(bytes) }
    }
}
