import PricePropBasics
import PricePropScenario

/// The small dense algebra of one firm entry's block.
enum SmallLU {
    /// Factors the entry's `A` (rows scaled to unit size with their `B` part first, so that the test for a
    /// singular block does not depend on units) and fills `M = A⁻¹ B`, `v = A⁻¹ r`, `W = G M`, `w = G v`.
    /// - Returns: false when a pivot is below `1e-10` of its row: the block does not determine the quantities.
    static func eliminate(_ view: EntryBlocks.View) -> Bool {
        let k = view.inputs, width = k + 1
        let a = view.a, b = view.b, m = view.m, v = view.v
        // Work on copies (the factors and one right-hand side of B's columns and r) so that A, B and r stay
        // for the reduced system if the block is kept.
        let columns = width + 1
        var lu = [Double](repeating: 0, count: k * k), right = [Double](repeating: 0, count: k * columns)
        for i in 0..<k {
            var scale = 0.0
            for j in 0..<k { scale = max(scale, abs(a[i * k + j])) }
            for j in 0..<width { scale = max(scale, abs(b[i * width + j])) }
            guard scale > 0, scale.isFinite else { return false }
            for j in 0..<k { lu[i * k + j] = a[i * k + j] / scale }
            for j in 0..<width { right[i * columns + j] = b[i * width + j] / scale }
            right[i * columns + width] = view.r[i] / scale
        }
        let solved = lu.withUnsafeMutableBufferPointer { lu in
            right.withUnsafeMutableBufferPointer { right in
                solveInPlace(lu.baseAddress.unsafelyUnwrapped, right.baseAddress.unsafelyUnwrapped, size: k, columns: columns)
            }
        }
        guard solved else { return false }
        for i in 0..<k {
            for j in 0..<width { m[i * width + j] = right[i * columns + j] }
            v[i] = right[i * columns + width]
        }
        let g = view.g, wm = view.wm, w = view.w
        for l in 0..<width {
            var total = 0.0
            for j in 0..<k { total += g[l * k + j] * v[j] }
            w[l] = total
            for c in 0..<width {
                var sum = 0.0
                for j in 0..<k { sum += g[l * k + j] * m[j * width + c] }
                wm[l * width + c] = sum
            }
        }
        return true
    }

    /// Solves `K Z = R` in place on raw storage, `K` a dense `size × size` matrix with its rows at unit size and
    /// `R` `columns` right-hand sides, by partial pivoting: `K` is overwritten by its factors and `R` by `Z`.
    /// Raw storage for speed: every firm block of every Newton iteration is solved here.
    /// - Returns: false when a pivot is below `1e-10`.
    static func solveInPlace(_ lu: UnsafeMutablePointer<Double>, _ r: UnsafeMutablePointer<Double>,
                             size n: Int, columns: Int) -> Bool {
        for column in 0..<n {
            var pivot = column, largest = abs(lu[column * n + column])
            for row in column + 1..<n where abs(lu[row * n + column]) > largest {
                pivot = row
                largest = abs(lu[row * n + column])
            }
            guard largest > 1e-10, largest.isFinite else { return false }
            if pivot != column {
                for j in 0..<n { swap(&lu[column * n + j], &lu[pivot * n + j]) }
                for j in 0..<columns { swap(&r[column * columns + j], &r[pivot * columns + j]) }
            }
            let diagonal = lu[column * n + column]
            for row in column + 1..<n {
                let factor = lu[row * n + column] / diagonal
                guard factor != 0 else { continue }
                for j in column..<n { lu[row * n + j] -= factor * lu[column * n + j] }
                for j in 0..<columns { r[row * columns + j] -= factor * r[column * columns + j] }
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            let diagonal = lu[row * n + row]
            for c in row + 1..<n {
                let factor = lu[row * n + c]
                guard factor != 0 else { continue }
                for j in 0..<columns { r[row * columns + j] -= factor * r[c * columns + j] }
            }
            for j in 0..<columns { r[row * columns + j] /= diagonal }
        }
        return true
    }
}
