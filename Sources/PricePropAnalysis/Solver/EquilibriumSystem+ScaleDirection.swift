import PricePropBasics

// MARK: - Entries singular along their scale: the block bordered by the scale direction

/// The Newton step's data of the entries whose block `A` is singular, eliminated along their scale direction.
///
/// A constant-returns technology is homogeneous of degree one, so its Hessian `H` satisfies `H x = 0`: the
/// entry's first-order conditions fix the ratios of its inputs but not its size, and `A` (essentially
/// `−p_out H` scaled) is singular along `x` itself. Its size is what the market pins, through the clearing of its
/// output and inputs. Writing the step as `dx = w + s · x` with `cᵀ w = 0` (`c` along `x`), the entry's `k`
/// conditions `A dx + B dp = −r` are exactly the `k + 1` equations
///
///     [A  y] [w]   [−r − B dp − s A x]
///     [cᵀ 0] [λ] = [0                ],      λ = 0,
///
/// for any column `y`: eliminating `w` with the bordered matrix (nonsingular when `A`'s null space is the single
/// direction `x` and `y` lies outside `A`'s range, as `y` along `x` does) leaves `λ`, linear in the entry's
/// prices and its scale `s`, and `λ = 0` is the linearised zero-profit condition. The entry adds one unknown,
/// `s`, and one equation, `λ = 0`, to the reduced system instead of its `k` quantities, and nothing is
/// approximated: when `A` is not exactly singular the same equations hold. Everything is computed in the
/// dimensionless quantities `ξ = dx / X` with rows scaled to unit size, so the singularity test does not depend
/// on units.
struct ScaledBlocks {
    /// Per entry, where its data starts in ``storage``; -1 for an entry not treated this way.
    var offset: [Int]
    var storage: [Double]

    /// Doubles an entry with `k` inputs needs: `M` k(k+2), `v` k, the zero-profit row k+2 and its right-hand
    /// side 1, `W` (k+1)(k+2), `w` k+1.
    static func doubles(inputs k: Int) -> Int { k * (k + 2) + k + (k + 2) + 1 + (k + 1) * (k + 2) + (k + 1) }

    /// Storage for the entries flagged in `candidates`.
    init(_ system: EquilibriumSystem, candidates: [Bool]) {
        var offset = [Int](repeating: -1, count: system.entryCount), next = 0
        for e in 0..<system.entryCount where candidates[e] {
            offset[e] = next
            next += Self.doubles(inputs: system.slots(of: e).count)
        }
        self.offset = offset
        storage = [Double](repeating: 0, count: max(1, next))
    }

    /// Entry `e`'s data, read-only: with `k` inputs and `cols = k + 2` (its output, its inputs, its scale),
    /// `dx = −v − M [dp; s]`, the zero-profit row `row · [dp; s] = rhs`, and `W = G M`, `w = G v`.
    struct ReadView {
        let storage: [Double]
        let base: Int
        let k: Int
        var cols: Int { k + 2 }
        func m(_ i: Int, _ c: Int) -> Double { storage[base + i * cols + c] }
        func v(_ i: Int) -> Double { storage[base + k * cols + i] }
        func row(_ c: Int) -> Double { storage[base + k * cols + k + c] }
        var rhs: Double { storage[base + k * cols + k + cols] }
        func wm(_ l: Int, _ c: Int) -> Double { storage[base + (k + 1) * cols + k + 1 + l * cols + c] }
        func w(_ l: Int) -> Double { storage[base + (k + 1) * cols + k + 1 + (k + 1) * cols + l] }
    }

    func view(_ e: Int, inputs k: Int) -> ReadView { ReadView(storage: storage, base: offset[e], k: k) }
}

extension EquilibriumSystem {
    /// Eliminates entry `e`'s block along its scale direction (see ``ScaledBlocks``), writing its data at `out`.
    /// - Returns: false when the bordered matrix is singular to working precision too (the scale is not the
    ///   only direction the block leaves free, as for a technology linear in several inputs); the entry then
    ///   keeps its quantities in the reduced system.
    func eliminateAlongScale(_ e: Int, _ point: Point, scales: Scales, block: EntryBlocks.View,
                             out: UnsafeMutablePointer<Double>) -> Bool {
        let range = slots(of: e), k = range.count, width = k + 1, n = k + 1, cols = width + 2
        guard k > 0 else { return false }
        let x = (0..<k).map { point.quantities[range.lowerBound + $0] }
        let unit = (0..<k).map { scales.quantity[range.lowerBound + $0] }
        let u = (0..<k).map { x[$0] / unit[$0] }
        let largest = u.reduce(0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return false }
        // K | [B  A·x  r], rows scaled to unit size in the columns of K's first k columns.
        var kk = [Double](repeating: 0, count: n * n), rhs = [Double](repeating: 0, count: n * cols)
        for i in 0..<k {
            var scale = 0.0, ax = 0.0
            for j in 0..<k {
                let a = block.a[i * k + j]
                scale = max(scale, abs(a * unit[j]))
                ax += a * x[j]
            }
            guard scale > 0, scale.isFinite else { return false }
            for j in 0..<k { kk[i * n + j] = block.a[i * k + j] * unit[j] / scale }
            kk[i * n + k] = u[i] / largest
            for c in 0..<width { rhs[i * cols + c] = block.b[i * width + c] / scale }
            rhs[i * cols + width] = ax / scale
            rhs[i * cols + width + 1] = block.r[i] / scale
        }
        for j in 0..<k { kk[k * n + j] = u[j] / largest }
        guard SmallLU.solveInPlace(&kk, &rhs, size: n, columns: cols) else { return false }
        writeScaled(out, k: k, rhs: rhs, x: x, unit: unit, g: block.g)
        return true
    }

    /// Turns the bordered solve's columns `Z = K⁻¹ [B  A·x  r]` into ``ScaledBlocks/ReadView``'s layout.
    private func writeScaled(_ out: UnsafeMutablePointer<Double>, k: Int, rhs z: [Double], x: [Double], unit: [Double],
                             g: UnsafeMutablePointer<Double>) {
        let width = k + 1, cols = k + 2, zc = width + 2
        let m = out, v = out + k * cols, row = v + k, wm = row + cols + 1, w = wm + width * cols
        for i in 0..<k {
            for c in 0..<width { m[i * cols + c] = unit[i] * z[i * zc + c] }
            m[i * cols + width] = unit[i] * z[i * zc + width] - x[i]
            v[i] = unit[i] * z[i * zc + width + 1]
        }
        for c in 0..<cols { row[c] = z[k * zc + c] }
        row[cols] = -z[k * zc + width + 1]
        // G is mostly zeros (its output row, then minus the firm count on the inputs' diagonal): skip them.
        for l in 0..<width {
            w[l] = 0
            for c in 0..<cols { wm[l * cols + c] = 0 }
            for j in 0..<k where g[l * k + j] != 0 {
                let gj = g[l * k + j]
                w[l] += gj * v[j]
                for c in 0..<cols { wm[l * cols + c] += gj * m[j * cols + c] }
            }
        }
    }
}

extension SmallLU {
    /// Whether `A x` vanishes to working precision, row by row against `Σ_j |A_ij x_j|`: the block leaves the
    /// entry's scale free (constant returns).
    static func isSingular(_ view: EntryBlocks.View, along x: [Double]) -> Bool {
        let k = view.inputs
        var any = false
        for i in 0..<k {
            var total = 0.0, size = 0.0
            for j in 0..<k {
                let term = view.a[i * k + j] * x[j]
                total += term
                size += abs(term)
            }
            guard size.isFinite, abs(total) <= 1e-10 * size else { return false }
            any = any || size > 0
        }
        return any
    }

    /// Solves `K Z = R` in place for a dense `size × size` `K` and `columns` right-hand sides, by partial
    /// pivoting, `R` overwritten by `Z`.
    /// - Returns: false when a pivot is below `1e-10` (the rows are expected at unit size).
    static func solveInPlace(_ matrix: inout [Double], _ right: inout [Double], size n: Int, columns: Int) -> Bool {
        let solved = matrix.withUnsafeMutableBufferPointer { lu in
            right.withUnsafeMutableBufferPointer { r in
                solveInPlace(lu.baseAddress.unsafelyUnwrapped, r.baseAddress.unsafelyUnwrapped, size: n, columns: columns)
            }
        }
        return solved && right.allSatisfy(\.isFinite)
    }
}
