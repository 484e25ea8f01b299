#if arch(x86_64)
import CProcessorFeatures
import DigitCoreAVX512

/// Checked once: AVX-512 present and enabled by the OS.
let processorHasAVX512 = dc_processor_has_avx512() != 0
#endif

/// Single-precision matrix multiply, the numeric core under convolution and dense layers.
///
///     C (m × n) = A (m × k) · B (k × n)        (C += A · B when `accumulating`; C = r + A · B for
///                                               every row when given `rowStart` r, a bias of n values)
///
/// A is read through two strides, A(i, p) = a[i * aRowStride + p * aColumnStride], so the same kernel
/// serves A and Aᵀ (the weight gradients need colᵀ · dOut). B and C are row-major. On processors with
/// AVX-512 the columns in whole groups of 16 go to DigitCoreAVX512's kernel (1.5–2.4× faster on the
/// default model's layers, bench/kernels.sh), the rest to the eight-lane kernel below; both give the
/// same bits.
@inline(__always)
func matrixMultiply(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Float>, bRowStride: Int,
    c: UnsafeMutablePointer<Float>, cRowStride: Int,
    accumulating: Bool, rowStart: UnsafePointer<Float>? = nil
) {
    var done = 0
    #if arch(x86_64)
    if processorHasAVX512 && n >= 16 {
        done = n - n % 16
        matrixMultiplyAVX512(m: m, n: done, k: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                             b: b, bRowStride: bRowStride, c: c, cRowStride: cRowStride,
                             accumulating: accumulating, rowStart: rowStart)
    }
    #endif
    if done < n {
        matrixMultiplyEightLanes(m: m, n: n - done, k: k, a: a, aRowStride: aRowStride, aColumnStride: aColumnStride,
                                 b: b + done, bRowStride: bRowStride, c: c + done, cRowStride: cRowStride,
                                 accumulating: accumulating, rowStart: rowStart.map { $0 + done })
    }
}

/// The portable kernel: it keeps a 4 × 16 block of C in eight 8-lane registers (AVX2 with FMA on
/// x86-64) and streams B's rows, which for our layer sizes (k ≤ a few hundred, n ≤ 128) stay in L1/L2
/// across the row blocks of A. Each element of C is summed over p = 0..<k in order, fused
/// multiply-adds in the columns below n − n mod 8.
@inline(__always)
func matrixMultiplyEightLanes(
    m: Int, n: Int, k: Int,
    a: UnsafePointer<Float>, aRowStride: Int, aColumnStride: Int,
    b: UnsafePointer<Float>, bRowStride: Int,
    c: UnsafeMutablePointer<Float>, cRowStride: Int,
    accumulating: Bool, rowStart: UnsafePointer<Float>? = nil
) {
    typealias Lanes = SIMD8<Float>
    @inline(__always) func initial(_ row: UnsafeMutablePointer<Float>, _ column: Int) -> Lanes {
        accumulating ? load8(row + column) : rowStart.map { load8($0 + column) } ?? Lanes()
    }
    @inline(__always) func start(_ row: UnsafeMutablePointer<Float>, _ column: Int) -> Float {
        accumulating ? row[column] : rowStart?[column] ?? 0
    }

    var i = 0
    // Four rows of C at a time.
    while i + 4 <= m {
        let a0 = a + i * aRowStride, a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride
        let c0 = c + i * cRowStride, c1 = c0 + cRowStride, c2 = c1 + cRowStride, c3 = c2 + cRowStride
        var j = 0
        while j + 16 <= n {
            var s00 = initial(c0, j), s01 = initial(c0, j + 8)
            var s10 = initial(c1, j), s11 = initial(c1, j + 8)
            var s20 = initial(c2, j), s21 = initial(c2, j + 8)
            var s30 = initial(c3, j), s31 = initial(c3, j + 8)
            var bRow = b + j
            var offset = 0
            for _ in 0..<k {
                let b0 = load8(bRow), b1 = load8(bRow + 8)
                let x0 = Lanes(repeating: a0[offset]), x1 = Lanes(repeating: a1[offset])
                let x2 = Lanes(repeating: a2[offset]), x3 = Lanes(repeating: a3[offset])
                s00 = s00.addingProduct(x0, b0); s01 = s01.addingProduct(x0, b1)
                s10 = s10.addingProduct(x1, b0); s11 = s11.addingProduct(x1, b1)
                s20 = s20.addingProduct(x2, b0); s21 = s21.addingProduct(x2, b1)
                s30 = s30.addingProduct(x3, b0); s31 = s31.addingProduct(x3, b1)
                bRow += bRowStride
                offset += aColumnStride
            }
            store8(s00, c0 + j); store8(s01, c0 + j + 8)
            store8(s10, c1 + j); store8(s11, c1 + j + 8)
            store8(s20, c2 + j); store8(s21, c2 + j + 8)
            store8(s30, c3 + j); store8(s31, c3 + j + 8)
            j += 16
        }
        while j + 8 <= n {
            var s0 = initial(c0, j), s1 = initial(c1, j), s2 = initial(c2, j), s3 = initial(c3, j)
            var bRow = b + j
            var offset = 0
            for _ in 0..<k {
                let b0 = load8(bRow)
                s0 = s0.addingProduct(Lanes(repeating: a0[offset]), b0)
                s1 = s1.addingProduct(Lanes(repeating: a1[offset]), b0)
                s2 = s2.addingProduct(Lanes(repeating: a2[offset]), b0)
                s3 = s3.addingProduct(Lanes(repeating: a3[offset]), b0)
                bRow += bRowStride
                offset += aColumnStride
            }
            store8(s0, c0 + j); store8(s1, c1 + j); store8(s2, c2 + j); store8(s3, c3 + j)
            j += 8
        }
        while j < n {
            var s0: Float = start(c0, j), s1: Float = start(c1, j)
            var s2: Float = start(c2, j), s3: Float = start(c3, j)
            var offset = 0
            for p in 0..<k {
                let value = b[p * bRowStride + j]
                s0 += a0[offset] * value; s1 += a1[offset] * value
                s2 += a2[offset] * value; s3 += a3[offset] * value
                offset += aColumnStride
            }
            c0[j] = s0; c1[j] = s1; c2[j] = s2; c3[j] = s3
            j += 1
        }
        i += 4
    }
    // The last rows, one at a time.
    while i < m {
        let aRow = a + i * aRowStride, cRow = c + i * cRowStride
        var j = 0
        while j + 8 <= n {
            var s = initial(cRow, j)
            var offset = 0
            for p in 0..<k {
                s = s.addingProduct(Lanes(repeating: aRow[offset]), load8(b + p * bRowStride + j))
                offset += aColumnStride
            }
            store8(s, cRow + j)
            j += 8
        }
        while j < n {
            var s: Float = start(cRow, j)
            for p in 0..<k { s += aRow[p * aColumnStride] * b[p * bRowStride + j] }
            cRow[j] = s
            j += 1
        }
        i += 1
    }
}

/// Writes the transpose of a row-major (rows × columns) matrix.
@inline(__always)
func transpose(_ source: UnsafePointer<Float>, rows: Int, columns: Int, into destination: UnsafeMutablePointer<Float>) {
    for r in 0..<rows {
        for c in 0..<columns { destination[c * rows + r] = source[r * columns + c] }
    }
}

/// vector += the sum of the rows of a row-major matrix (a bias gradient).
@inline(__always)
func addRowSums(of matrix: UnsafePointer<Float>, rows: Int, columns: Int, into vector: UnsafeMutablePointer<Float>) {
    for row in 0..<rows {
        let values = matrix + row * columns
        for column in 0..<columns { vector[column] += values[column] }
    }
}
