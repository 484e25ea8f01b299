import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C during training: the first one asks the training loop to stop after its current step
/// (no model is written, an existing one stays as it was); a second one ends the process at once.
enum Interrupt {
    static let requested = Atomic<Bool>(false)

    static func install() {
        signal(SIGINT) { _ in
            if Interrupt.requested.exchange(true, ordering: .relaxed) { _exit(ExitStatus.interrupted) }
        }
    }

    static var isRequested: Bool { requested.load(ordering: .relaxed) }
}
