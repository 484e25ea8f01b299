@testable import DigitCore
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
            let checked = try ModelFile.decode(bytes)
            let onDisk = try Data(contentsOf: Self.models.appendingPathComponent("\(name).dcnn"))
            #expect(Array(bytes) == Array(onDisk), "\(name): the binary embeds models/\(name).dcnn")
            let loaded = try #require(try BuiltInModels.load(name))
            #expect(loaded.parameterCount == checked.parameterCount && loaded.temperature == checked.temperature)
            #expect(loaded.networks.map(\.parameters) == checked.networks.map(\.parameters), "\(name): the same parameters, bit for bit")
        }
    }

    /// The files are as `digitcli train` writes them today (parameters on a 64-byte boundary), and the
    /// binary holds them on such a boundary too: each member then reads its parameters in place.
    @Test func theBuiltInModelsAreReadInPlace() throws {
        for (name, bytes) in BuiltInModels.files {
            let model = try #require(try BuiltInModels.load(name))
            let writtenAgain = ModelFile.encode(model)
            #expect(writtenAgain == Array(bytes), "\(name): written again, the same bytes")
            for (index, network) in model.networks.enumerated() {
                let address = network.withParameters { UnsafeRawPointer($0.baseAddress!) }
                #expect(bytes.baseAddress! <= address && address < bytes.baseAddress! + bytes.count, "\(name): parameters not copied")
                #expect(Int(bitPattern: address) % (index == 0 ? 64 : MemoryLayout<Float>.alignment) == 0)
            }
        }
    }

    /// Changing a built-in network's parameters (fine-tuning one, say) changes a copy, never the binary's.
    @Test func changingABuiltInModelChangesACopy() throws {
        var network = try #require(try BuiltInModels.load("seed")).networks[0]
        let first = network.parameters[0]
        network.parameters[0] += 1
        #expect(network.parameters[0] == first + 1)
        #expect(try #require(try BuiltInModels.load("seed")).networks[0].parameters[0] == first)
        let address = network.withParameters { UnsafeRawPointer($0.baseAddress!) }
        let bytes = BuiltInModels.files.first { $0.name == "seed" }!.bytes
        #expect(!(bytes.baseAddress! <= address && address < bytes.baseAddress! + bytes.count))
    }

    @Test func aFileFromDiskIsStillChecked() throws {
        var bytes = Array(try Data(contentsOf: Self.models.appendingPathComponent("seed.dcnn")))
        bytes[bytes.count / 2] ^= 0x40
        #expect(throws: ModelFile.Error.checksumMismatch) { try ModelFile.decode(bytes) }
    }
}
