import Foundation
import PricePropBasics
import PricePropComparator
import PricePropScenario

extension EquilibriumSystem {
    /// The Newton direction `J · d = −φ`, computed by eliminating every firm entry's block.
    ///
    /// Order the unknowns as quantities, then prices: `J = [A B; C D]`. `A` is block diagonal, one `k × k`
    /// block per entry (its first-order conditions against its own inputs, with the exact Hessian of its tape),
    /// `B` ties each first-order condition to the entry's own output and input prices, `C` each clearing
    /// condition to the quantities of the good's users and producers, and `D` is diagonal. Eliminating the
    /// blocks, `dx_e = −A_e⁻¹ (φ_e + B_e dp)`, leaves the reduced system in the prices
    ///
    ///     (D − Σ_e C_e A_e⁻¹ B_e) dp = −φ_p + Σ_e C_e A_e⁻¹ φ_e,
    ///
    /// in which entry `e` touches only the `(k + 1)²` pairs of its own goods. An entry whose block is singular
    /// along its scale alone (constant returns: the conditions fix the input ratios, the market the size) is
    /// eliminated along that direction instead (``ScaledBlocks``), adding its scale and its zero-profit
    /// condition to the reduced system. An entry whose block leaves more free (a technology linear in several
    /// inputs has no curvature to pin their quantities down: the market does) keeps its quantities as unknowns.
    ///
    /// The entries' blocks are factored on the system's threads, each writing only its own storage; the reduced
    /// system is summed in entry order and factored by ``SparseLU``, sequential with index tie-breaks (its
    /// dense finish splits rows across threads without changing any operation), so the direction is the same
    /// bits for any thread count. `reserved` is memory already counted against `memoryLimit`.
    /// - Returns: the direction per slot and per good (0 for goods whose price is not an unknown).
    /// - Throws: ``EquilibriumError/tooLarge(_:)`` when the reduced system (with the entries kept in it) or
    ///   its fill would take more than `memoryLimit`.
    func direction(_ point: Point, _ evaluation: Evaluation, scales: Scales, ncp: NCPFunction,
                   memoryLimit: Double, reserved: Double = 0) throws(EquilibriumError) -> (quantities: [Double], prices: [Double]) {
        var blocks = EntryBlocks(self)
        var kept = [Bool](repeating: false, count: entryCount)
        blocks.storage.withUnsafeMutableBufferPointer { storage in
            kept.withUnsafeMutableBufferPointer { kept in
                // Each chunk writes only its own entries' blocks and flags (``UnsafeSendable``, reason 1).
                let base = UnsafeSendable(storage.baseAddress.unsafelyUnwrapped)
                let keptBase = UnsafeSendable(kept.baseAddress.unsafelyUnwrapped), offset = blocks.offset
                ChunkedWork.run(count: entryCount, grain: Self.entryGrain, threads: threads) { _, range, _ in
                    for e in range {
                        keptBase.value[e] = !factorBlock(e, point, evaluation, scales: scales, ncp: ncp,
                                                         block: base.value + offset[e])
                    }
                }
            }
        }

        let scaled = eliminateAlongScale(point, scales: scales, blocks: &blocks, candidates: &kept)

        // Reduced unknowns: the prices, then one scale per entry eliminated along it, then the slots of kept entries.
        let priceCount = pricedGoods.count
        var keptStart = [Int](repeating: -1, count: entryCount), scaleIndex = keptStart
        var size = priceCount
        for e in 0..<entryCount where scaled.offset[e] >= 0 && !kept[e] {
            scaleIndex[e] = size
            size += 1
        }
        for e in 0..<entryCount where kept[e] {
            keptStart[e] = size
            size += slots(of: e).count
        }
        let layout = ReducedLayout(keptStart: keptStart, scaleIndex: scaleIndex, size: size)
        let fixedBytes = reserved + Double(blocks.storage.count + scaled.storage.count) * 8
            + Self.reducedOverhead(size: size)
        let budget = memoryLimit - fixedBytes
        let pending = Double(pendingEntries(layout)) * SparseLU.bytesPerEntry
        guard pending <= budget else { throw tooLarge(size, fixedBytes + pending, memoryLimit, fill: nil) }
        var (rows, rhs) = assemble(point, evaluation, scales: scales, ncp: ncp, blocks: blocks, scaled: scaled,
                                   layout: layout)
        let solution: [Double]
        do {
            solution = try SparseLU.solve(rows: &rows, rhs: &rhs, byteBudget: budget, threads: threads)
        } catch {
            throw tooLarge(size, fixedBytes + error.bytes, memoryLimit, fill: error.entries)
        }
        rhs = solution

        var dp = [Double](repeating: 0, count: economy.goodCount)
        for (j, g) in pricedGoods.enumerated() { dp[g] = rhs[j] }
        var dx = [Double](repeating: 0, count: slotCount)
        for e in 0..<entryCount {
            let range = slots(of: e), k = range.count, width = k + 1, view = blocks.view(e)
            if kept[e] {
                for i in 0..<k { dx[range.lowerBound + i] = rhs[keptStart[e] + i] }
                continue
            }
            if scaleIndex[e] >= 0 {
                let view = scaled.view(e, inputs: k), step = rhs[scaleIndex[e]]
                for i in 0..<k {
                    var d = -view.v(i) - view.m(i, 0) * dp[output[e]] - view.m(i, width) * step
                    for j in 0..<k { d -= view.m(i, 1 + j) * dp[slotGood[range.lowerBound + j]] }
                    dx[range.lowerBound + i] = d
                }
                continue
            }
            let outStep = dp[output[e]]
            for i in 0..<k {
                var d = -view.v[i] - view.m[i * width] * outStep
                for j in 0..<k { d -= view.m[i * width + 1 + j] * dp[slotGood[range.lowerBound + j]] }
                dx[range.lowerBound + i] = d
            }
        }
        return (dx, dp)
    }

    /// Eliminates along its scale direction every entry flagged in `candidates` (its block singular), on the
    /// system's threads; an entry for which that succeeds is unflagged.
    private func eliminateAlongScale(_ point: Point, scales: Scales, blocks: inout EntryBlocks,
                                     candidates: inout [Bool]) -> ScaledBlocks {
        var scaled = ScaledBlocks(self, candidates: candidates)
        let entries = (0..<entryCount).filter { candidates[$0] }
        guard !entries.isEmpty else { return scaled }
        var done = [Bool](repeating: false, count: entries.count)
        blocks.storage.withUnsafeMutableBufferPointer { storage in
            scaled.storage.withUnsafeMutableBufferPointer { out in
                done.withUnsafeMutableBufferPointer { done in
                    // Each chunk writes only its own entries' data and flags (``UnsafeSendable``, reason 1).
                    let base = UnsafeSendable(storage.baseAddress.unsafelyUnwrapped), offset = blocks.offset
                    let outBase = UnsafeSendable(out.baseAddress.unsafelyUnwrapped), at = scaled.offset
                    let doneBase = UnsafeSendable(done.baseAddress.unsafelyUnwrapped)
                    ChunkedWork.run(count: entries.count, grain: Self.entryGrain, threads: threads) { _, range, _ in
                        for t in range {
                            let e = entries[t]
                            let view = EntryBlocks.View(base: base.value + offset[e], inputs: slots(of: e).count)
                            doneBase.value[t] = eliminateAlongScale(e, point, scales: scales, block: view,
                                                                    out: outBase.value + at[e])
                        }
                    }
                }
            }
        }
        for (t, e) in entries.enumerated() where done[t] { candidates[e] = false }
        for (t, e) in entries.enumerated() where !done[t] { scaled.offset[e] = -1 }
        return scaled
    }

    /// The refusal of a reduced system of `size` unknowns needing `bytes`; `fill` the nonzeros the
    /// factorisation had reached when it outgrew the limit, nil when refused before factoring.
    private func tooLarge(_ size: Int, _ bytes: Double, _ limit: Double, fill: Int?) -> EquilibriumError {
        .tooLarge(.init(reducedUnknowns: size, prices: pricedGoods.count, bytes: bytes, limit: limit, fill: fill))
    }

    /// Fills entry `e`'s block: `A`, `B`, `G = ∂(S − D)/∂x` for its goods (output first, then inputs) and, when
    /// `A` can be factored, `M = A⁻¹ B`, `v = A⁻¹ φ_e`, `W = G M`, `w = G v`.
    /// - Returns: false when `A` is singular to working precision (the entry stays in the reduced system).
    private func factorBlock(_ e: Int, _ point: Point, _ evaluation: Evaluation, scales: Scales, ncp: NCPFunction,
                             block: UnsafeMutablePointer<Double>) -> Bool {
        let range = slots(of: e), k = range.count, width = k + 1, first = range.lowerBound
        let view = EntryBlocks.View(base: block, inputs: k)
        let x = Array(point.quantities[range])
        let outPrice = point.prices[output[e]]
        let hessian = outPrice == 0 ? [Double](repeating: 0, count: k * k)
            : tape(of: e).valueGradientAndHessian(at: x, parameters: Array(economy.parameterValues[parameterRange(of: e)])).hessian
        func finite(_ v: Double) -> Double { v.isFinite ? v : 0 }
        for i in 0..<k {
            let s = first + i, g = slotGood[s]
            let gradient = evaluation.gradient[s]
            let gap = point.prices[g] - Self.marginalValue(outputPrice: outPrice, gradient: gradient)
            let phi = ncp.evaluate(point.quantities[s] / scales.quantity[s], gap / scales.price[g])
            let byGap = phi.db / scales.price[g]
            for j in 0..<k {
                view.a[i * k + j] = finite(-byGap * outPrice * hessian[i * k + j]) + (i == j ? phi.da / scales.quantity[s] : 0)
                view.b[i * width + 1 + j] = i == j ? byGap : 0
            }
            view.b[i * width] = outPrice == 0 && !gradient.isFinite ? 0 : finite(-byGap * gradient)
            view.r[i] = evaluation.residual[s]
        }
        let n = firms[e], producedHere = endowment[output[e]].isNaN
        for j in 0..<k {
            view.g[j] = producedHere ? finite(n * evaluation.gradient[first + j]) : 0
            for i in 0..<k { view.g[(1 + i) * k + j] = i == j ? -n : 0 }
        }
        // A block singular along its scale would fail the elimination only at its last pivot: skip the attempt.
        return !SmallLU.isSingular(view, along: x) && SmallLU.eliminate(view)
    }
}

/// Per-entry storage of the Newton step's blocks, one flat buffer for all entries.
struct EntryBlocks {
    var storage: [Double]
    /// Where each entry's block starts in ``storage``.
    let offset: [Int]
    let inputs: [Int]

    /// Doubles an entry with `k` inputs needs: `A` k², `B` k(k+1), `G` (k+1)k, `M` k(k+1), `v` k, `r` k,
    /// `W` (k+1)², `w` k+1.
    static func doubles(inputs k: Int) -> Int { k * k + 3 * k * (k + 1) + 2 * k + (k + 1) * (k + 1) + (k + 1) }

    init(_ system: EquilibriumSystem) {
        var offset = [Int](), inputs = [Int](), next = 0
        offset.reserveCapacity(system.entryCount)
        inputs.reserveCapacity(system.entryCount)
        for e in 0..<system.entryCount {
            let k = system.slots(of: e).count
            offset.append(next)
            inputs.append(k)
            next += Self.doubles(inputs: k)
        }
        self.offset = offset
        self.inputs = inputs
        storage = [Double](repeating: 0, count: max(1, next))
    }

    /// Bytes the blocks of `system` take.
    static func bytes(_ system: EquilibriumSystem) -> Double {
        var total = 0
        for e in 0..<system.entryCount { total += doubles(inputs: system.slots(of: e).count) }
        return Double(total) * 8
    }

    /// Entry `e`'s block, read-only, as copies.
    func view(_ e: Int) -> ReadView { ReadView(storage: storage, base: offset[e], inputs: inputs[e]) }

    /// Pointers into one entry's block.
    struct View {
        let a, b, g, m, v, r, wm, w: UnsafeMutablePointer<Double>
        let inputs: Int
        init(base: UnsafeMutablePointer<Double>, inputs k: Int) {
            self.inputs = k
            a = base
            b = a + k * k
            g = b + k * (k + 1)
            m = g + (k + 1) * k
            v = m + k * (k + 1)
            r = v + k
            wm = r + k
            w = wm + (k + 1) * (k + 1)
        }
    }

    /// One entry's block read from the buffer.
    struct ReadView {
        let storage: [Double]
        let base: Int
        let inputs: Int
        var k: Int { inputs }
        var a: Part { Part(storage: storage, start: base) }
        var b: Part { Part(storage: storage, start: base + k * k) }
        var g: Part { Part(storage: storage, start: base + k * k + k * (k + 1)) }
        var m: Part { Part(storage: storage, start: base + k * k + 2 * k * (k + 1)) }
        var v: Part { Part(storage: storage, start: base + k * k + 3 * k * (k + 1)) }
        var wm: Part { Part(storage: storage, start: base + k * k + 3 * k * (k + 1) + 2 * k) }
        var w: Part { Part(storage: storage, start: base + k * k + 3 * k * (k + 1) + 2 * k + (k + 1) * (k + 1)) }

        /// One matrix or vector of the block, indexed from 0.
        struct Part {
            let storage: [Double]
            let start: Int
            subscript(i: Int) -> Double { storage[start + i] }
        }
    }
}
