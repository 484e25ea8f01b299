/// DigitCore's matrix multiply compiled for AVX-512, for the columns of C in whole groups of 16 (DigitCore
/// calls it after a run-time check of the processor, and does any last columns itself).
///
///     C (m × n) = A (m × k) · B (k × n)        (C += A · B when `accumulating`; C = r + A · B for
///                                               every row when given `rowStart` r); n a multiple of 16
///
/// A is read through two strides as in DigitCore; B and C are row-major. Tiles of 8 rows × 32 columns
/// keep 16 of the 32 sixteen-lane registers as accumulators. Each element of C is a fused
/// multiply-add over p = 0..<k in order, as in the AVX2 kernel, so results are the same bit for bit.
#if arch(x86_64)
public func matrixMultiplyAVX512(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Float>, bRowStride: Int,
    c: UnsafeMutablePointer<Float>, cRowStride: Int,
    accumulating: Bool, rowStart: UnsafePointer<Float>? = nil
) {
    precondition(n % 16 == 0, "columns in groups of 16")
    typealias Lanes = SIMD16<Float>
    @inline(__always) func load(_ pointer: UnsafePointer<Float>) -> Lanes {
        UnsafeRawPointer(pointer).loadUnaligned(as: Lanes.self)
    }
    @inline(__always) func initial(_ row: UnsafeMutablePointer<Float>, _ column: Int) -> Lanes {
        accumulating ? load(row + column) : rowStart.map { load($0 + column) } ?? Lanes()
    }
    @inline(__always) func store(_ value: Lanes, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Lanes.self)
    }

    var i = 0
    // Eight rows of C at a time.
    while i + 8 <= m {
        let a0 = a + i * aRowStride, a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride
        let a4 = a3 + aRowStride, a5 = a4 + aRowStride, a6 = a5 + aRowStride, a7 = a6 + aRowStride
        let c0 = c + i * cRowStride, c1 = c0 + cRowStride, c2 = c1 + cRowStride, c3 = c2 + cRowStride
        let c4 = c3 + cRowStride, c5 = c4 + cRowStride, c6 = c5 + cRowStride, c7 = c6 + cRowStride
        var j = 0
        while j + 32 <= n {
            var s00 = initial(c0, j), s01 = initial(c0, j + 16), s10 = initial(c1, j), s11 = initial(c1, j + 16)
            var s20 = initial(c2, j), s21 = initial(c2, j + 16), s30 = initial(c3, j), s31 = initial(c3, j + 16)
            var s40 = initial(c4, j), s41 = initial(c4, j + 16), s50 = initial(c5, j), s51 = initial(c5, j + 16)
            var s60 = initial(c6, j), s61 = initial(c6, j + 16), s70 = initial(c7, j), s71 = initial(c7, j + 16)
            var bRow = b + j, offset = 0
            for _ in 0..<k {
                let b0 = load(bRow), b1 = load(bRow + 16)
                var x = Lanes(repeating: a0[offset]); s00 = s00.addingProduct(x, b0); s01 = s01.addingProduct(x, b1)
                x = Lanes(repeating: a1[offset]); s10 = s10.addingProduct(x, b0); s11 = s11.addingProduct(x, b1)
                x = Lanes(repeating: a2[offset]); s20 = s20.addingProduct(x, b0); s21 = s21.addingProduct(x, b1)
                x = Lanes(repeating: a3[offset]); s30 = s30.addingProduct(x, b0); s31 = s31.addingProduct(x, b1)
                x = Lanes(repeating: a4[offset]); s40 = s40.addingProduct(x, b0); s41 = s41.addingProduct(x, b1)
                x = Lanes(repeating: a5[offset]); s50 = s50.addingProduct(x, b0); s51 = s51.addingProduct(x, b1)
                x = Lanes(repeating: a6[offset]); s60 = s60.addingProduct(x, b0); s61 = s61.addingProduct(x, b1)
                x = Lanes(repeating: a7[offset]); s70 = s70.addingProduct(x, b0); s71 = s71.addingProduct(x, b1)
                bRow += bRowStride
                offset += aColumnStride
            }
            store(s00, c0 + j); store(s01, c0 + j + 16); store(s10, c1 + j); store(s11, c1 + j + 16)
            store(s20, c2 + j); store(s21, c2 + j + 16); store(s30, c3 + j); store(s31, c3 + j + 16)
            store(s40, c4 + j); store(s41, c4 + j + 16); store(s50, c5 + j); store(s51, c5 + j + 16)
            store(s60, c6 + j); store(s61, c6 + j + 16); store(s70, c7 + j); store(s71, c7 + j + 16)
            j += 32
        }
        if j < n {   // one group of 16 left
            var s0 = initial(c0, j), s1 = initial(c1, j), s2 = initial(c2, j), s3 = initial(c3, j)
            var s4 = initial(c4, j), s5 = initial(c5, j), s6 = initial(c6, j), s7 = initial(c7, j)
            var bRow = b + j, offset = 0
            for _ in 0..<k {
                let b0 = load(bRow)
                s0 = s0.addingProduct(Lanes(repeating: a0[offset]), b0); s1 = s1.addingProduct(Lanes(repeating: a1[offset]), b0)
                s2 = s2.addingProduct(Lanes(repeating: a2[offset]), b0); s3 = s3.addingProduct(Lanes(repeating: a3[offset]), b0)
                s4 = s4.addingProduct(Lanes(repeating: a4[offset]), b0); s5 = s5.addingProduct(Lanes(repeating: a5[offset]), b0)
                s6 = s6.addingProduct(Lanes(repeating: a6[offset]), b0); s7 = s7.addingProduct(Lanes(repeating: a7[offset]), b0)
                bRow += bRowStride
                offset += aColumnStride
            }
            store(s0, c0 + j); store(s1, c1 + j); store(s2, c2 + j); store(s3, c3 + j)
            store(s4, c4 + j); store(s5, c5 + j); store(s6, c6 + j); store(s7, c7 + j)
        }
        i += 8
    }
    // The last rows (a small batch's dense layer is all of them): two at a time, 64 columns at once, so that
    // eight sums are in flight rather than one whose additions wait on each other.
    while i + 2 <= m {
        let a0 = a + i * aRowStride, a1 = a0 + aRowStride
        let c0 = c + i * cRowStride, c1 = c0 + cRowStride
        var j = 0
        while j + 64 <= n {
            var s00 = initial(c0, j), s01 = initial(c0, j + 16), s02 = initial(c0, j + 32), s03 = initial(c0, j + 48)
            var s10 = initial(c1, j), s11 = initial(c1, j + 16), s12 = initial(c1, j + 32), s13 = initial(c1, j + 48)
            var bRow = b + j, offset = 0
            for _ in 0..<k {
                let b0 = load(bRow), b1 = load(bRow + 16), b2 = load(bRow + 32), b3 = load(bRow + 48)
                var x = Lanes(repeating: a0[offset])
                s00 = s00.addingProduct(x, b0); s01 = s01.addingProduct(x, b1); s02 = s02.addingProduct(x, b2); s03 = s03.addingProduct(x, b3)
                x = Lanes(repeating: a1[offset])
                s10 = s10.addingProduct(x, b0); s11 = s11.addingProduct(x, b1); s12 = s12.addingProduct(x, b2); s13 = s13.addingProduct(x, b3)
                bRow += bRowStride
                offset += aColumnStride
            }
            store(s00, c0 + j); store(s01, c0 + j + 16); store(s02, c0 + j + 32); store(s03, c0 + j + 48)
            store(s10, c1 + j); store(s11, c1 + j + 16); store(s12, c1 + j + 32); store(s13, c1 + j + 48)
            j += 64
        }
        while j < n {
            var s0 = initial(c0, j), s1 = initial(c1, j)
            var bRow = b + j, offset = 0
            for _ in 0..<k {
                let b0 = load(bRow)
                s0 = s0.addingProduct(Lanes(repeating: a0[offset]), b0); s1 = s1.addingProduct(Lanes(repeating: a1[offset]), b0)
                bRow += bRowStride
                offset += aColumnStride
            }
            store(s0, c0 + j); store(s1, c1 + j)
            j += 16
        }
        i += 2
    }
    // The last row, 64 columns at once.
    if i < m {
        let aRow = a + i * aRowStride, cRow = c + i * cRowStride
        var j = 0
        while j + 64 <= n {
            var s0 = initial(cRow, j), s1 = initial(cRow, j + 16), s2 = initial(cRow, j + 32), s3 = initial(cRow, j + 48)
            var bRow = b + j, offset = 0
            for _ in 0..<k {
                let x = Lanes(repeating: aRow[offset])
                s0 = s0.addingProduct(x, load(bRow)); s1 = s1.addingProduct(x, load(bRow + 16))
                s2 = s2.addingProduct(x, load(bRow + 32)); s3 = s3.addingProduct(x, load(bRow + 48))
                bRow += bRowStride
                offset += aColumnStride
            }
            store(s0, cRow + j); store(s1, cRow + j + 16); store(s2, cRow + j + 32); store(s3, cRow + j + 48)
            j += 64
        }
        while j < n {
            var s = initial(cRow, j)
            var bRow = b + j, offset = 0
            for _ in 0..<k {
                s = s.addingProduct(Lanes(repeating: aRow[offset]), load(bRow))
                bRow += bRowStride
                offset += aColumnStride
            }
            store(s, cRow + j)
            j += 16
        }
    }
}
#endif
