/// Eight-lane loads and stores for the hot loops (one AVX register on x86-64 with AVX2).
@inline(__always) func load8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) func load8(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) func store8(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}

/// Lane-wise maximum (the standard library's generic pointwiseMax is not inlined into hot loops).
@inline(__always) func lanewiseMax(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: a .< b)
}

/// Copies `count` floats in eight-lane steps, inline: for the short runs of im2col, a
/// library memmove call per run costs more than the copy.
@inline(__always) func copyFloats(_ source: UnsafePointer<Float>, to destination: UnsafeMutablePointer<Float>, count: Int) {
    var index = 0
    while index + 8 <= count {
        store8(load8(source + index), destination + index)
        index += 8
    }
    while index < count {
        destination[index] = source[index]
        index += 1
    }
}
