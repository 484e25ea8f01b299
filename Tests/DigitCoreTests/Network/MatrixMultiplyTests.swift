@testable import DigitCore
import Testing

/// The matrix multiply against a plain double-precision product, and its AVX-512 path against the
/// eight-lane kernel: they must agree bit for bit, or a model would train differently per processor.
@Suite struct MatrixMultiplyTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let m: Int, n: Int, k: Int, transposedA: Bool, accumulating: Bool
        var testDescription: String { "\(m)×\(k) · \(k)×\(n)\(transposedA ? ", Aᵀ" : "")\(accumulating ? ", +=" : "")" }
    }

    // The layers' shapes (conv 676×9·9×16, 121×144·144×32, dense 8×800·800×128 and a small batch's 10×800
    // and 3×800, the gradients' Aᵀ forms), and odd sizes that leave remainders in every loop.
    static let cases: [Case] = [
        Case(m: 676, n: 16, k: 9, transposedA: false, accumulating: true),
        Case(m: 121, n: 32, k: 144, transposedA: false, accumulating: false),
        Case(m: 8, n: 128, k: 800, transposedA: false, accumulating: true),
        Case(m: 10, n: 128, k: 800, transposedA: false, accumulating: false),
        Case(m: 3, n: 128, k: 800, transposedA: false, accumulating: true),
        Case(m: 5, n: 112, k: 50, transposedA: true, accumulating: false),
        Case(m: 144, n: 32, k: 121, transposedA: true, accumulating: true),
        Case(m: 121, n: 144, k: 32, transposedA: false, accumulating: false),
        Case(m: 13, n: 10, k: 128, transposedA: false, accumulating: true),
        Case(m: 9, n: 216, k: 5, transposedA: true, accumulating: false),
        Case(m: 17, n: 40, k: 3, transposedA: false, accumulating: true),
        Case(m: 3, n: 51, k: 1, transposedA: true, accumulating: false),
    ]

    struct Operands {
        let testCase: Case
        let a: [Float], b: [Float], c: [Float]

        init(_ testCase: Case) {
            self.testCase = testCase
            var generator = SeededGenerator(seed: UInt64(testCase.m * 1000 + testCase.n * 10 + testCase.k))
            a = (0..<testCase.m * testCase.k).map { _ in generator.nextNormal() }
            b = (0..<testCase.k * testCase.n).map { _ in generator.nextNormal() }
            c = (0..<testCase.m * testCase.n).map { _ in generator.nextNormal() }
        }

        /// A's strides: row-major (m, k), or stored as its transpose (k, m).
        var strides: (row: Int, column: Int) { testCase.transposedA ? (1, testCase.m) : (testCase.k, 1) }

        func a(_ i: Int, _ p: Int) -> Float { a[i * strides.row + p * strides.column] }

        typealias Kernel = (Int, Int, Int, UnsafePointer<Float>, Int, Int, UnsafePointer<Float>, Int, UnsafeMutablePointer<Float>, Int, Bool) -> Void

        func run(_ kernel: Kernel) -> [Float] {
            var result = c
            kernel(testCase.m, testCase.n, testCase.k, a, strides.row, strides.column, b, testCase.n, &result, testCase.n, testCase.accumulating)
            return result
        }
    }

    @Test(arguments: cases)
    func matchesADoublePrecisionProduct(testCase: Case) {
        let operands = Operands(testCase)
        let result = operands.run { matrixMultiply(m: $0, n: $1, k: $2, a: $3, aRowStride: $4, aColumnStride: $5, b: $6, bRowStride: $7,
                                                   c: $8, cRowStride: $9, accumulating: $10) }
        // Within the standard bound of a float sum of k + 1 terms: (k + 1) · 2⁻²⁴ · Σ |term|.
        var worst = 0.0
        for i in 0..<testCase.m {
            for j in 0..<testCase.n {
                let initial = testCase.accumulating ? Double(operands.c[i * testCase.n + j]) : 0
                var (sum, magnitude) = (initial, abs(initial))
                for p in 0..<testCase.k {
                    let term = Double(operands.a(i, p)) * Double(operands.b[p * testCase.n + j])
                    sum += term
                    magnitude += abs(term)
                }
                let bound = Double(testCase.k + 1) * 0x1p-24 * magnitude
                worst = max(worst, abs(sum - Double(result[i * testCase.n + j])) / max(bound, .leastNormalMagnitude))
            }
        }
        #expect(worst <= 1)
    }

    #if arch(x86_64)
    @Test(.enabled(if: processorHasAVX512, "this processor has no AVX-512: only the eight-lane kernel runs here"),
          arguments: cases)
    func avx512PathGivesTheEightLaneKernelsBits(testCase: Case) {
        let operands = Operands(testCase)
        let dispatched = operands.run { matrixMultiply(m: $0, n: $1, k: $2, a: $3, aRowStride: $4, aColumnStride: $5, b: $6,
                                                       bRowStride: $7, c: $8, cRowStride: $9, accumulating: $10) }
        let eightLanes = operands.run { matrixMultiplyEightLanes(m: $0, n: $1, k: $2, a: $3, aRowStride: $4, aColumnStride: $5, b: $6,
                                                                 bRowStride: $7, c: $8, cRowStride: $9, accumulating: $10) }
        #expect(dispatched.map(\.bitPattern) == eightLanes.map(\.bitPattern))
    }
    #endif
}
