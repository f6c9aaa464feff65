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
        var rowEnd = rowEnds(a, size: n)
        rowEnd.withUnsafeMutableBufferPointer { ends in
            a.withUnsafeMutableBufferPointer { abuf in
                b.withUnsafeMutableBufferPointer { bbuf in
                    let lu = Elimination(m: abuf.baseAddress.unsafelyUnwrapped, x: bbuf.baseAddress.unsafelyUnwrapped,
                                         end: ends.baseAddress.unsafelyUnwrapped, n: n)
                    for column in 0..<n {
                        guard lu.pivot(column, negligible: negligible) else {
                            held[column] = true
                            continue
                        }
                        lu.eliminateBelow(column, threads: threads)
                    }
                    lu.substituteBack(held: held)
                }
            }
        }
    }

    /// For each row of the row-major `n × n` matrix `a`, one past its last nonzero column (0 for a zero row).
    private static func rowEnds(_ a: [Double], size n: Int) -> [Int] {
        var rowEnd = [Int](repeating: 0, count: n)
        for row in 0..<n {
            for k in stride(from: n - 1, through: 0, by: -1) where a[row * n + k] != 0 {
                rowEnd[row] = k + 1
                break
            }
        }
        return rowEnd
    }

    /// The elimination's state as pointers: the matrix `m` (row-major, `n × n`), the right-hand side `x`
    /// (becoming the solution) and each row's end.
    private struct Elimination {
        let m: UnsafeMutablePointer<Double>, x: UnsafeMutablePointer<Double>, end: UnsafeMutablePointer<Int>
        let n: Int

        /// Swaps the row with the largest entry in `column`, at or below the diagonal, into the pivot row.
        /// - Returns: `false`, swapping nothing, when that entry is not above `negligible` or not finite.
        func pivot(_ column: Int, negligible: Double) -> Bool {
            var pivot = column, largest = abs(m[column * n + column])
            for row in column + 1..<n where abs(m[row * n + column]) > largest {
                pivot = row
                largest = abs(m[row * n + column])
            }
            guard largest > negligible, largest.isFinite else { return false }
            if pivot != column {
                for k in column..<max(end[column], end[pivot]) { swap(&m[column * n + k], &m[pivot * n + k]) }
                swap(&x[column], &x[pivot])
                swap(&end[column], &end[pivot])
            }
            return true
        }

        /// Eliminates `column` from every row below the pivot row, in fixed chunks of rows on up to `threads`
        /// threads once the work is large enough to pay for them.
        func eliminateBelow(_ column: Int, threads: Int) {
            let diagonal = m[column * n + column], below = n - column - 1, pivotEnd = end[column]
            // Threads only pay off once a column's work is well above their start-up cost.
            if threads > 1, below * (n - column) >= 1 << 15 {
                // Each chunk writes only its own rows and reads the pivot row, which no chunk writes
                // (``UnsafeSendable``, reason 1).
                let shared = UnsafeSendable(self)
                ChunkedWork.run(count: below, grain: rowGrain, threads: threads) { _, range, _ in
                    shared.value.eliminate(column, rows: range, diagonal: diagonal, pivotEnd: pivotEnd)
                }
            } else {
                eliminate(column, rows: 0..<below, diagonal: diagonal, pivotEnd: pivotEnd)
            }
        }

        /// Subtracts the pivot row, scaled, from rows `column + 1 + offset` for each offset in `rows`, up to
        /// the pivot row's end.
        @inline(__always)
        func eliminate(_ column: Int, rows: Range<Int>, diagonal: Double, pivotEnd: Int) {
            for offset in rows {
                let row = column + 1 + offset
                let factor = m[row * n + column] / diagonal
                guard factor != 0 else { continue }
                m[row * n + column] = 0
                for k in column + 1..<pivotEnd { m[row * n + k] -= factor * m[column * n + k] }
                x[row] -= factor * x[column]
                end[row] = max(end[row], pivotEnd)
            }
        }

        /// Back substitution through the upper triangle; a held unknown is 0.
        func substituteBack(held: [Bool]) {
            for row in stride(from: n - 1, through: 0, by: -1) {
                if held[row] {
                    x[row] = 0
                    continue
                }
                var total = x[row]
                for k in row + 1..<max(row + 1, end[row]) { total -= m[row * n + k] * x[k] }
                x[row] = total / m[row * n + row]
            }
        }
    }
}
