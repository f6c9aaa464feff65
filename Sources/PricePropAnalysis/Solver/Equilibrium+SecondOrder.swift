import PricePropBasics
import PricePropScenario

// MARK: - Second-order check: a price-taking firm maximises profit, so its technology must not curve upward

extension EquilibriumSystem {
    /// The first entry, in entry order, whose profit `p_out · f(x) − p · x` is not at a local maximum over the
    /// inputs it uses: the Hessian of `f` over those inputs must be negative semidefinite (the first-order
    /// conditions already hold). Unused inputs sit at a corner with a strictly positive price gap, so only the
    /// used ones need curvature. An entry whose output is free makes no profit either way and is not checked.
    ///
    /// The test is an `LDLᵀ` factorisation of `−H` restricted to the used inputs, with pivots within
    /// `10⁻⁹ · max|H|` of 0 taken as flat (linear technologies pass).
    /// - Returns: `nil` when every entry passes.
    func firstProfitMinimum(_ point: Point) -> EquilibriumError.NotAMaximum? {
        let found = ChunkedWork.map(count: entryCount, grain: Self.entryGrain, threads: threads, makeState: { () }) {
            _, range -> EquilibriumError.NotAMaximum? in
            for e in range {
                if let failure = profitMinimum(e, point) { return failure }
            }
            return nil
        }
        return found.results.lazy.compactMap(\.result).first
    }

    private func profitMinimum(_ e: Int, _ point: Point) -> EquilibriumError.NotAMaximum? {
        guard point.prices[output[e]] > 0 else { return nil }
        let range = slots(of: e)
        let used = (0..<range.count).filter { point.quantities[range.lowerBound + $0] > 0 }
        guard !used.isEmpty else { return nil }
        let k = range.count, n = used.count
        let hessian = tape(of: e).valueGradientAndHessian(
            at: Array(point.quantities[range]), parameters: Array(economy.parameterValues[parameterRange(of: e)])).hessian
        var scale = 0.0
        for v in hessian where v.isFinite { scale = max(scale, abs(v)) }
        let flat = 1e-9 * scale
        let name = economy.firmEntryNames[e]
        // Upward curvature along one input on its own names that input.
        var steepest = -1, steepestCurvature = flat
        for (i, slot) in used.enumerated() where hessian[slot * k + slot] > steepestCurvature {
            steepest = i
            steepestCurvature = hessian[slot * k + slot]
        }
        if steepest >= 0 {
            let good = economy.goods[slotGood[range.lowerBound + used[steepest]]].name
            return .init(firm: name, input: good, curvature: steepestCurvature)
        }
        // Otherwise LDLᵀ of N = −H over the used inputs: a negative pivot, or a flat pivot with a coupling
        // below it, is a direction of upward curvature. N is first scaled by its diagonal, `D^{-1/2} N D^{-1/2}`
        // (inputs whose curvature is 0 keep their scale), so the test does not depend on the inputs' units: a
        // firm buying 1e-6 of one input and 0.2 of another has second derivatives 1e10 apart.
        var unit = [Double](repeating: 1, count: n)
        for i in 0..<n where hessian[used[i] * k + used[i]] < -flat {
            unit[i] = 1 / (-hessian[used[i] * k + used[i]]).squareRoot()
        }
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for j in 0..<n { m[i * n + j] = -hessian[used[i] * k + used[j]] * unit[i] * unit[j] } }
        let flatScaled = 1e-9
        for j in 0..<n {
            let d = m[j * n + j]
            guard d.isFinite else { return nil }
            if d < -flatScaled { return .init(firm: name, input: nil, curvature: -d / (unit[j] * unit[j])) }
            if d <= flatScaled {
                for i in j + 1..<n where abs(m[i * n + j]) > flatScaled {
                    return .init(firm: name, input: nil, curvature: abs(m[i * n + j]) / (unit[i] * unit[j]))
                }
                continue
            }
            for i in j + 1..<n {
                let factor = m[i * n + j] / d
                for c in j + 1..<n { m[i * n + c] -= factor * m[j * n + c] }
            }
        }
        return nil
    }
}
