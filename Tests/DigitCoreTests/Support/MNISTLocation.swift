import DigitCore
import Foundation
import Testing

/// Where the tests find MNIST: $DIGITCLI_MNIST, else ../shared/mnist beside the repository.
enum MNISTLocation {
    static let directory: String = {
        if let path = ProcessInfo.processInfo.environment[MNIST.environmentVariable] { return path }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/mnist").path
    }()

    static let isAvailable = FileManager.default.fileExists(atPath: directory + "/t10k-images-idx3-ubyte.gz")
        || FileManager.default.fileExists(atPath: directory + "/t10k-images-idx3-ubyte")

    static let skipMessage: Comment = "MNIST not found in \(directory) (set \(MNIST.environmentVariable)): skipped"

    static let training = Result { try MNIST.load(.train, from: directory) }
    static let test = Result { try MNIST.load(.test, from: directory) }
}
