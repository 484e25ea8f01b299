@testable import DigitCore
import Testing

/// An ensemble answers with the mean of its members' logits, in `predict` (one batch in a
/// workspace) and in `eval` (a whole set over threads) alike.
@Suite struct ModelTests {
    let members: [Network]
    let images: MNISTSet

    init() throws {
        let architecture = try Architecture(parsing: "conv3x3:4:bias,relu,maxpool2,dense:8,relu,softmax")
        members = (1...3).map { Network(architecture: architecture, seed: $0) }
        var generator = SeededGenerator(seed: 5)
        images = MNISTSet(images: (0..<7 * 784).map { _ in UInt8(truncatingIfNeeded: generator.next()) },
                          labels: (0..<7).map { UInt8($0) })
    }

    /// Each member's logits for the set, (count, classes).
    func memberLogits() -> [[Float]] { members.map { $0.logits(for: images, threads: 1) } }

    @Test func ensembleLogitsAreTheMembersMean() {
        let perMember = memberLogits()
        let mean = perMember[0].indices.map { index in perMember.reduce(0) { $0 + $1[index] } / 3 }
        let logits = Model(networks: members).logits(for: images, threads: 2)
        #expect(zip(logits, mean).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
        // Not simply one member's answer.
        #expect(logits != perMember[0])
    }

    @Test func forwardInAWorkspaceMatchesTheWholeSetPass() {
        let model = Model(networks: members)
        let workspace = model.makeWorkspace(capacity: images.count)
        Array(0..<images.count).withUnsafeBufferPointer { loadImages(images, indices: $0, into: workspace.input) }
        var logits = [Float](repeating: .nan, count: images.count * model.classCount)
        model.forward(workspace, batch: images.count, logits: &logits)
        #expect(logits == model.logits(for: images, threads: 1))
    }

    @Test func oneNetworkModelIsThatNetwork() {
        #expect(Model(network: members[1]).logits(for: images, threads: 1) == memberLogits()[1])
        #expect(Model(networks: members).parameterCount == 3 * members[0].parameterCount)
    }
}
