/// Sparse LU of the reduced system: Gaussian elimination in a Markowitz order with threshold pivoting.
///
/// The reduced system's pattern is the goods linked through a common firm entry (its inputs and its output),
/// so it is structurally symmetric and very sparse, but which goods are linked is arbitrary (a random network
/// is an expander, with no band to exploit). The elimination picks, at every step, a column with the fewest
/// remaining nonzeros (minimum degree on the symmetric pattern) and in it the pivot whose row is shortest
/// among those at least ``threshold`` of the column's largest magnitude: the pivot choice keeps fill low and
/// the threshold keeps growth bounded, as in MA28. Fill is counted as it arrives and the factorisation stops,
/// before allocating past it, when it would outgrow its budget.
///
/// Only the pivot rows (`U`) are kept: the right-hand side is eliminated with the matrix, so `L` is never
/// stored. The elimination is sequential and every choice breaks ties by index, so the result is the same
/// bits on any machine and for any thread count.
package struct SparseLU {
    /// One row of the matrix: its columns and values, in no particular order.
    package struct Row {
        package var columns: [Int32] = []
        package var values: [Double] = []

        package init() {}

        /// Removes the entry at `t`, moving the last one into its place.
        mutating func remove(at t: Int) {
            columns.swapAt(t, columns.count - 1)
            values.swapAt(t, values.count - 1)
            columns.removeLast()
            values.removeLast()
        }
    }

    /// A pivot is acceptable when at least this fraction of its column's largest remaining magnitude.
    static let threshold = 0.1
    /// Bytes one stored nonzero takes: its column and value in its row, its row in its column's list.
    package static let bytesPerEntry = 16.0

    /// The factorisation would outgrow its budget: the nonzeros it had stored and the bytes it would need.
    package struct OverBudget: Error {
        package var entries: Int
        package var bytes: Double
    }

    /// Solves `A x = b` for a square `A` of `size` unknowns given by its rows (consumed).
    ///
    /// A column with no pivot above `1e-14 · max|A|` is a direction the equations do not determine (several
    /// firms with the same constant marginal product may split a market any way): its unknown is held at 0 and
    /// a row that would have been its pivot is left unused, so the step leaves that freedom alone.
    /// - Returns: `x`, indexed by column.
    /// - Throws: ``OverBudget`` before an allocation would take the storage (arrays' capacities, the dense
    ///   finish's square) past `byteBudget`.
    /// - Complexity: O(Σ over pivots of column count × pivot row length) time, O(nonzeros with fill) memory.
    package static func solve(rows: inout [Row], rhs b: inout [Double], byteBudget: Double,
                      threads: Int = 1) throws(OverBudget) -> [Double] {
        let n = rows.count
        var state = Elimination(rows: &rows)
        guard state.bytes <= byteBudget else { throw OverBudget(entries: state.entries, bytes: state.bytes) }
        var order: [(row: Int32, column: Int32, position: Int32)] = []
        order.reserveCapacity(n)
        var x = [Double](repeating: 0, count: n)
        while !state.worthFinishingDense(budget: byteBudget), let column = state.nextColumn() {
            guard let (pivot, position) = state.pivot(in: column, rows: rows) else {
                state.hold(column, rows: &rows)
                continue
            }
            order.append((Int32(pivot), Int32(column), Int32(position)))
            try state.eliminate(column, pivotRow: pivot, rows: &rows, rhs: &b, byteBudget: byteBudget)
        }
        state.finishDense(rows: rows, rhs: b, into: &x, threads: threads)
        for (p, c, position) in order.reversed() {
            let row = rows[Int(p)], pivotPosition = Int(position)
            var total = b[Int(p)]
            for t in row.columns.indices where t != pivotPosition { total -= row.values[t] * x[Int(row.columns[t])] }
            x[Int(c)] = total / row.values[pivotPosition]
        }
        return x
    }

    /// The remaining submatrix is factored densely once at least this fraction of it is nonzero: from there
    /// a dense row operation costs less than a sparse one, and its fill could only grow.
    static let denseFraction = 0.2
}

extension SparseLU {
    /// The bookkeeping of one elimination: which rows and columns are still active, each column's rows and
    /// count, and the columns waiting by count.
    struct Elimination {
        var columnRows: [[Int32]]
        var columnCount: [Int]
        var rowDone: [Bool]
        var columnDone: [Bool]
        var queue: MinHeap
        /// Column → position in the row being updated, -1 elsewhere.
        var position: [Int32]
        /// Nonzeros stored so far, the matrix's and its fill's; entries eliminated keep their storage.
        var entries: Int
        /// Bytes the rows and column lists hold, by their arrays' capacities.
        var bytes: Double
        /// Nonzeros in the rows not yet pivoted, and columns neither pivoted nor held.
        var activeEntries: Int
        var activeColumns: Int
        var activeRows: Int
        let negligible: Double

        init(rows: inout [Row]) {
            let n = rows.count
            var columnRows = [[Int32]](repeating: [], count: n)
            var largest = 0.0, entries = 0
            for (r, row) in rows.enumerated() {
                for (j, v) in zip(row.columns, row.values) {
                    columnRows[Int(j)].append(Int32(r))
                    if v.isFinite { largest = max(largest, abs(v)) }
                }
                entries += row.columns.count
            }
            self.columnRows = columnRows
            columnCount = columnRows.map(\.count)
            rowDone = [Bool](repeating: false, count: n)
            columnDone = rowDone
            queue = MinHeap()
            for j in 0..<n { queue.push(count: columnCount[j], column: j) }
            position = [Int32](repeating: -1, count: n)
            self.entries = entries
            var bytes = 0
            for row in rows { bytes += 4 * row.columns.capacity + 8 * row.values.capacity }
            for list in columnRows { bytes += 4 * list.capacity }
            self.bytes = Double(bytes)
            activeEntries = entries
            activeColumns = n
            activeRows = n
            negligible = 1e-14 * largest
        }

        /// The active column with the fewest nonzeros (lowest index among equals), or nil when none is left.
        mutating func nextColumn() -> Int? {
            while let (count, column) = queue.pop() {
                if !columnDone[column], count == columnCount[column] { return column }
            }
            return nil
        }

        /// Position of `column` in row `r`.
        @inline(__always) func find(_ column: Int, in row: Row) -> Int {
            let target = Int32(column)
            for t in row.columns.indices where row.columns[t] == target { return t }
            return -1
        }

        /// The pivot of `column`: among its active rows with a magnitude of at least ``threshold`` of the
        /// largest, the shortest (then the largest magnitude, then the lowest index); nil when the column has
        /// nothing above ``negligible``.
        func pivot(in column: Int, rows: [Row]) -> (row: Int, position: Int)? {
            var largest = 0.0
            for r in columnRows[column] where !rowDone[Int(r)] {
                let row = rows[Int(r)], t = find(column, in: row)
                if t >= 0 { largest = max(largest, abs(row.values[t])) }
            }
            guard largest > negligible, largest.isFinite else { return nil }
            var best: (row: Int, position: Int, length: Int, magnitude: Double)?
            for r in columnRows[column] where !rowDone[Int(r)] {
                let row = rows[Int(r)], t = find(column, in: row)
                guard t >= 0 else { continue }
                let magnitude = abs(row.values[t]), length = row.columns.count
                guard magnitude >= SparseLU.threshold * largest else { continue }
                if let b = best, (b.length, -b.magnitude, b.row) <= (length, -magnitude, Int(r)) { continue }
                best = (Int(r), t, length, magnitude)
            }
            return best.map { ($0.row, $0.position) }
        }

        /// Holds `column` at 0: it leaves the active rows.
        mutating func hold(_ column: Int, rows: inout [Row]) {
            columnDone[column] = true
            activeColumns -= 1
            for r in columnRows[column] where !rowDone[Int(r)] {
                let t = find(column, in: rows[Int(r)])
                guard t >= 0 else { continue }
                activeEntries -= 1
                rows[Int(r)].remove(at: t)
            }
            columnRows[column] = []
        }

        /// Eliminates `column` from every active row below its pivot row, in the right-hand side too.
        mutating func eliminate(_ column: Int, pivotRow p: Int, rows: inout [Row], rhs b: inout [Double],
                                byteBudget: Double) throws(OverBudget) {
            rowDone[p] = true
            columnDone[column] = true
            activeColumns -= 1
            activeRows -= 1
            let pivot = rows[p]
            activeEntries -= pivot.columns.count
            let pivotValue = pivot.values[find(column, in: pivot)]
            for j in pivot.columns where Int(j) != column { columnCount[Int(j)] -= 1 }
            for r in columnRows[column] where !rowDone[Int(r)] {
                let i = Int(r)
                var row = rows[i]
                rows[i] = Row()
                let t = find(column, in: row)
                guard t >= 0 else {
                    rows[i] = row
                    continue
                }
                let factor = row.values[t] / pivotValue
                row.remove(at: t)
                activeEntries -= 1
                b[i] -= factor * b[p]
                for (s, j) in row.columns.enumerated() { position[Int(j)] = Int32(s) }
                for (j, v) in zip(pivot.columns, pivot.values) where Int(j) != column {
                    let s = position[Int(j)]
                    if s >= 0 {
                        row.values[Int(s)] -= factor * v
                        continue
                    }
                    entries += 1
                    activeEntries += 1
                    // An append to a full array doubles it: check that before it happens.
                    let capacities = (row.columns.capacity, row.values.capacity, columnRows[Int(j)].capacity)
                    var growth = 0
                    if row.columns.count == capacities.0 { growth += 12 * max(capacities.0, 1) }
                    if columnRows[Int(j)].count == capacities.2 { growth += 4 * max(capacities.2, 1) }
                    guard bytes + Double(growth) <= byteBudget else {
                        throw OverBudget(entries: entries, bytes: bytes + Double(growth))
                    }
                    position[Int(j)] = Int32(row.columns.count)
                    row.columns.append(j)
                    row.values.append(-factor * v)
                    columnRows[Int(j)].append(r)
                    bytes += Double(4 * (row.columns.capacity - capacities.0) + 8 * (row.values.capacity - capacities.1)
                        + 4 * (columnRows[Int(j)].capacity - capacities.2))
                    columnCount[Int(j)] += 1
                }
                for j in row.columns { position[Int(j)] = -1 }
                rows[i] = row
            }
            columnRows[column] = []
            for j in pivot.columns where Int(j) != column { queue.push(count: columnCount[Int(j)], column: Int(j)) }
        }
    }

    /// A binary min-heap of `(count, column)`, ordered by count then column.
    struct MinHeap {
        private var keys: [UInt64] = []

        mutating func push(count: Int, column: Int) {
            keys.append(UInt64(count) << 32 | UInt64(column))
            var child = keys.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard keys[child] < keys[parent] else { break }
                keys.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> (count: Int, column: Int)? {
            guard let top = keys.first else { return nil }
            let last = keys.removeLast()
            if !keys.isEmpty {
                keys[0] = last
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < keys.count, keys[left] < keys[smallest] { smallest = left }
                    if right < keys.count, keys[right] < keys[smallest] { smallest = right }
                    guard smallest != parent else { break }
                    keys.swapAt(parent, smallest)
                    parent = smallest
                }
            }
            return (Int(top >> 32), Int(top & 0xFFFF_FFFF))
        }
    }
}

extension SparseLU.Elimination {
    /// Whether to factor what is left densely: it is ``SparseLU/denseFraction`` full and its square fits in
    /// what the budget leaves.
    func worthFinishingDense(budget: Double) -> Bool {
        let m = Double(activeColumns), rowsLeft = Double(activeRows)
        guard activeColumns > 0, Double(activeEntries) >= SparseLU.denseFraction * m * m else { return false }
        return bytes + m * max(m, rowsLeft) * 8 <= budget
    }

    /// Solves the rows not yet pivoted for the columns neither pivoted nor held, densely (``DenseLU``), into
    /// `x`; the rows left over once every column is pivoted or held are dropped.
    func finishDense(rows: [SparseLU.Row], rhs b: [Double], into x: inout [Double], threads: Int) {
        let columns = columnDone.indices.filter { !columnDone[$0] }
        let activeRows = rowDone.indices.filter { !rowDone[$0] }
        guard !columns.isEmpty else { return }
        // Square: extra rows (held columns left them) get zero columns, which DenseLU holds.
        let m = max(columns.count, activeRows.count)
        var local = [Int](repeating: -1, count: rowDone.count)
        for (j, c) in columns.enumerated() { local[c] = j }
        var matrix = [Double](repeating: 0, count: m * m), rhs = [Double](repeating: 0, count: m)
        for (i, r) in activeRows.enumerated() {
            for (j, v) in zip(rows[r].columns, rows[r].values) where local[Int(j)] >= 0 { matrix[i * m + local[Int(j)]] = v }
            rhs[i] = b[r]
        }
        DenseLU.solve(&matrix, &rhs, size: m, threads: threads)
        for (j, c) in columns.enumerated() { x[c] = rhs[j] }
    }
}
