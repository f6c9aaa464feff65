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
        // Work on copies in M and v so that A, B and r stay for the reduced system if the block is kept.
        var lu = [Double](repeating: 0, count: k * k)
        for i in 0..<k {
            var scale = 0.0
            for j in 0..<k { scale = max(scale, abs(a[i * k + j])) }
            for j in 0..<width { scale = max(scale, abs(b[i * width + j])) }
            guard scale > 0, scale.isFinite else { return false }
            for j in 0..<k { lu[i * k + j] = a[i * k + j] / scale }
            for j in 0..<width { m[i * width + j] = b[i * width + j] / scale }
            v[i] = view.r[i] / scale
        }
        for column in 0..<k {
            var pivot = column, largest = abs(lu[column * k + column])
            for row in column + 1..<k where abs(lu[row * k + column]) > largest {
                pivot = row
                largest = abs(lu[row * k + column])
            }
            guard largest > 1e-10, largest.isFinite else { return false }
            if pivot != column {
                for j in 0..<k { lu.swapAt(column * k + j, pivot * k + j) }
                for j in 0..<width { swap(&m[column * width + j], &m[pivot * width + j]) }
                swap(&v[column], &v[pivot])
            }
            let diagonal = lu[column * k + column]
            for row in column + 1..<k {
                let factor = lu[row * k + column] / diagonal
                guard factor != 0 else { continue }
                for j in column..<k { lu[row * k + j] -= factor * lu[column * k + j] }
                for j in 0..<width { m[row * width + j] -= factor * m[column * width + j] }
                v[row] -= factor * v[column]
            }
        }
        for row in stride(from: k - 1, through: 0, by: -1) {
            let diagonal = lu[row * k + row]
            for j in 0..<width {
                var total = m[row * width + j]
                for c in row + 1..<k { total -= lu[row * k + c] * m[c * width + j] }
                m[row * width + j] = total / diagonal
            }
            var total = v[row]
            for c in row + 1..<k { total -= lu[row * k + c] * v[c] }
            v[row] = total / diagonal
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
}
