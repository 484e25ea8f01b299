/// Fills a workspace's input with MNIST images scaled as the tutorial does: pixel / 255 − 0.5.
@inline(__always)
func loadImages(_ set: MNISTSet, indices: UnsafeBufferPointer<Int>, into input: UnsafeMutablePointer<Float>) {
    let size = MNISTSet.pixelsPerImage
    set.images.withUnsafeBufferPointer { images in
        for (slot, index) in indices.enumerated() {
            let source = images.baseAddress! + index * size, target = input + slot * size
            for p in 0..<size { target[p] = Float(source[p]) * (1 / 255) - 0.5 }
        }
    }
}

/// Splits `count` items into `parts` contiguous ranges whose sizes differ by at most one.
func evenRanges(count: Int, parts: Int) -> [Range<Int>] {
    let parts = max(1, min(parts, count))
    return (0..<parts).map { part in (part * count / parts)..<((part + 1) * count / parts) }
}

/// The number of cores, which is the default thread count.
public var processorCount: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
