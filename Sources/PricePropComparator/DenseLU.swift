import PricePropBasics

/// Dense LU of the reduced system, on several threads with the same bits for any thread count.
package enum DenseLU {
    /// Rows per chunk of the parallel elimination.
    static let rowGrain = 32

    /// Solves `A x = b` in place (`b` becomes `x`) by Gaussian elimination with partial pivoting; `a` is
    /// row-major `size × size` and is overwritten.
    ///
    /// A column with no pivot above `1e-14 · max|A|` is a direction the equations do not determine (several
    /// firms with the same constant marginal product may split a market any way); its unknown is held at 0 and
    /// the row that would have been its pivot is dropped, so the step leaves that freedom alone.
    ///
    /// Each row's nonzeros end at a known column (`rowEnd`, kept up to date as fill arrives), and a row is
    /// updated only up to its pivot row's end: with the prices in level order (goods of one level interact
    /// only with neighbouring levels), a layered network's reduced system is banded and most of the square is
    /// never touched. Skipped entries are exact zeros, so the result is the same as the full elimination's.
    ///
    /// Each column's elimination updates every row below it independently, so those rows are split across
    /// threads in fixed chunks; every row sees the same operations in the same order whatever the split.
    /// - Complexity: O(size³) time, no memory beyond the arguments.
    package static func solve(_ a: inout [Double], _ b: inout [Double], size n: Int, threads: Int) {
        guard n > 0 else { return }
        var largestEntry = 0.0
        for v in a where v.isFinite { largestEntry = max(largestEntry, abs(v)) }
        let negligible = 1e-14 * largestEntry
        var held = [Bool](repeating: false, count: n)
        var rowEnd = [Int](repeating: 0, count: n)
        for row in 0..<n {
            var end = 0
            for k in stride(from: n - 1, through: 0, by: -1) where a[row * n + k] != 0 {
                end = k + 1
                break
            }
            rowEnd[row] = end
        }
        rowEnd.withUnsafeMutableBufferPointer { ends in
        a.withUnsafeMutableBufferPointer { abuf in
            b.withUnsafeMutableBufferPointer { bbuf in
                let m = abuf.baseAddress.unsafelyUnwrapped, x = bbuf.baseAddress.unsafelyUnwrapped
                for column in 0..<n {
                    var pivot = column, largest = abs(m[column * n + column])
                    for row in column + 1..<n where abs(m[row * n + column]) > largest {
                        pivot = row
                        largest = abs(m[row * n + column])
                    }
                    guard largest > negligible, largest.isFinite else {
                        held[column] = true
                        continue
                    }
                    let end = ends.baseAddress.unsafelyUnwrapped
                    if pivot != column {
                        for k in column..<max(end[column], end[pivot]) { swap(&m[column * n + k], &m[pivot * n + k]) }
                        swap(&x[column], &x[pivot])
                        swap(&end[column], &end[pivot])
                    }
                    let diagonal = m[column * n + column], below = n - column - 1, pivotEnd = end[column]
                    let eliminate = { (range: Range<Int>) in
                        for offset in range {
                            let row = column + 1 + offset
                            let factor = m[row * n + column] / diagonal
                            guard factor != 0 else { continue }
                            m[row * n + column] = 0
                            for k in column + 1..<pivotEnd { m[row * n + k] -= factor * m[column * n + k] }
                            x[row] -= factor * x[column]
                            end[row] = max(end[row], pivotEnd)
                        }
                    }
                    // Threads only pay off once a column's work is well above their start-up cost.
                    if threads > 1, below * (n - column) >= 1 << 15 {
                        ChunkedWork.run(count: below, grain: rowGrain, threads: threads) { _, range, _ in eliminate(range) }
                    } else {
                        eliminate(0..<below)
                    }
                }
                for row in stride(from: n - 1, through: 0, by: -1) {
                    if held[row] {
                        x[row] = 0
                        continue
                    }
                    var total = x[row]
                    for k in row + 1..<max(row + 1, ends[row]) { total -= m[row * n + k] * x[k] }
                    x[row] = total / m[row * n + row]
                }
            }
        }
        }
    }
}
