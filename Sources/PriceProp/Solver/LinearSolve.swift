/// Dense linear algebra for the solver's small systems (tens of unknowns).
enum LinearSolve {
    /// Solves `A x = b` by Gaussian elimination with partial pivoting; `a` is row-major `n × n`.
    /// - Returns: `nil` when a pivot is zero or not finite (the matrix is singular to working precision).
    /// - Complexity: O(n³).
    static func solve(_ a: [Double], _ b: [Double]) -> [Double]? {
        let n = b.count
        precondition(a.count == n * n)
        var m = a, x = b
        for column in 0..<n {
            var pivot = column, largest = abs(m[column * n + column])
            for row in column + 1..<n where abs(m[row * n + column]) > largest {
                pivot = row
                largest = abs(m[row * n + column])
            }
            guard largest > 0, largest.isFinite else { return nil }
            if pivot != column {
                for k in 0..<n { m.swapAt(column * n + k, pivot * n + k) }
                x.swapAt(column, pivot)
            }
            let diagonal = m[column * n + column]
            for row in column + 1..<n {
                let factor = m[row * n + column] / diagonal
                guard factor != 0 else { continue }
                for k in column..<n { m[row * n + k] -= factor * m[column * n + k] }
                x[row] -= factor * x[column]
            }
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            var total = x[row]
            for k in row + 1..<n { total -= m[row * n + k] * x[k] }
            x[row] = total / m[row * n + row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }
}
