import Foundation

/// The equilibrium conditions as a square nonlinear system `F(z) = 0` with its exact Jacobian.
///
/// Firms of one scenario entry are identical, so the system is solved per entry: the unknowns are, for each
/// entry, the log of each input quantity one of its firms buys (`uᵢ = ln xᵢ`), then the log price of each
/// market-priced good (`w_g = ln p_g`). Logs keep quantities and prices positive and make power-law
/// technologies nearly linear. The equations, each scaled to be dimensionless, are
///
///     first-order condition, entry e, input i:   (p_out / p_i) · ∂f_e/∂xᵢ − 1 = 0
///     clearing, market-priced good g:            1 − S_g / D_g = 0
///
/// with demand `D_g = Σ n_e x_{e,i}` over the entries' inputs drawing on `g` (`n_e` firms each) and supply
/// `S_g` the endowment of a primary good or `Σ n_e f_e(x_e)` over the producers of an intermediate one.
/// The Jacobian takes the exact gradient and Hessian of every production function from its tape.
struct EquilibriumSystem {
    let economy: Economy
    /// Per entry: firm count, first firm, tape, parameters, input goods, output good, first unknown.
    let entryCount: [Double]
    let entryFirstFirm: [Int]
    let entryInputs: [[Int]]
    let entryOutput: [Int]
    let entryParameters: [[Double]]
    let entryUnknown: [Int]
    /// Per good: index of its log-price unknown, or `nil` for fixed-price goods.
    let priceUnknown: [Int?]
    /// Market-priced goods, ascending; their clearing equations come in this order after the first-order ones.
    let pricedGoods: [Int]
    let unknownCount: Int

    init(economy: Economy) throws(EquilibriumError) {
        self.economy = economy
        let entries = economy.firmEntryNames.indices
        var counts: [Double] = [], first: [Int] = [], inputs: [[Int]] = [], outputs: [Int] = []
        var parameters: [[Double]] = [], unknown: [Int] = []
        var next = 0
        for e in entries {
            let f = Int(economy.entryFirstFirm[e])
            counts.append(Double(economy.entryFirmCount[e]))
            first.append(f)
            inputs.append(economy.inputs(of: f).map { Int(economy.inputGood[$0]) })
            outputs.append(Int(economy.firmOutput[f]))
            parameters.append(Array(economy.parameterValues[economy.parameterRange(of: f)]))
            unknown.append(next)
            next += economy.inputs(of: f).count
        }
        var priceUnknown = [Int?](repeating: nil, count: economy.goodCount)
        var priced: [Int] = []
        for (g, good) in economy.goods.enumerated() where good.fixedPrice == nil {
            if economy.users(of: g).isEmpty { throw .unusedGood(good.name) }
            if good.endowment == nil, economy.producers(of: g).isEmpty { throw .unsuppliedGood(good.name) }
            priceUnknown[g] = next
            priced.append(g)
            next += 1
        }
        entryCount = counts
        entryFirstFirm = first
        entryInputs = inputs
        entryOutput = outputs
        entryParameters = parameters
        entryUnknown = unknown
        self.priceUnknown = priceUnknown
        pricedGoods = priced
        unknownCount = next
    }

    /// The economy at a point of the unknowns.
    struct Point {
        /// Per entry, per input: quantity one firm buys.
        var quantities: [[Double]]
        /// Per entry: what one firm makes.
        var production: [Double]
        /// Per good.
        var prices: [Double]
        var demand: [Double]
        var supply: [Double]
    }

    /// Quantities and prices at `z`, with production, demand and supply, and optionally each entry's marginal
    /// products and Hessian.
    func point(_ z: [Double]) -> (Point, gradients: [[Double]], hessians: [[Double]]) {
        var quantities: [[Double]] = [], production: [Double] = [], gradients: [[Double]] = [], hessians: [[Double]] = []
        var demand = [Double](repeating: 0, count: economy.goodCount)
        var supply = [Double](repeating: 0, count: economy.goodCount)
        for e in entryCount.indices {
            let x = entryInputs[e].indices.map { Foundation.exp(z[entryUnknown[e] + $0]) }
            let tape = economy.tapes[Int(economy.firmTape[entryFirstFirm[e]])]
            let (y, gradient, hessian) = tape.valueGradientAndHessian(at: x, parameters: entryParameters[e])
            quantities.append(x)
            production.append(y)
            gradients.append(gradient)
            hessians.append(hessian)
            for (i, g) in entryInputs[e].enumerated() { demand[g] += entryCount[e] * x[i] }
            supply[entryOutput[e]] += entryCount[e] * y
        }
        var prices = [Double](repeating: 0, count: economy.goodCount)
        for (g, good) in economy.goods.enumerated() {
            if let e = good.endowment { supply[g] = e }
            prices[g] = priceUnknown[g].map { Foundation.exp(z[$0]) } ?? good.fixedPrice ?? 0
        }
        return (Point(quantities: quantities, production: production, prices: prices, demand: demand, supply: supply),
                gradients, hessians)
    }

    /// `F(z)` and, when asked, the Jacobian `∂F/∂z` row-major.
    func evaluate(_ z: [Double], jacobian wantJacobian: Bool) -> (residual: [Double], jacobian: [Double]) {
        let n = unknownCount
        let (pt, gradients, hessians) = point(z)
        var f = [Double](repeating: 0, count: n)
        var j = [Double](repeating: 0, count: wantJacobian ? n * n : 0)
        // First-order conditions.
        for e in entryCount.indices {
            let inputs = entryInputs[e], m = inputs.count, out = entryOutput[e], x = pt.quantities[e]
            for i in 0..<m {
                let row = entryUnknown[e] + i, g = inputs[i]
                let ratio = pt.prices[out] / pt.prices[g]
                let marginal = ratio * gradients[e][i]
                f[row] = marginal - 1
                guard wantJacobian else { continue }
                for k in 0..<m { j[row * n + entryUnknown[e] + k] += ratio * hessians[e][i * m + k] * x[k] }
                if let w = priceUnknown[out] { j[row * n + w] += marginal }
                if let w = priceUnknown[g] { j[row * n + w] -= marginal }
            }
        }
        // Clearing.
        for g in pricedGoods {
            guard let row = priceUnknown[g] else { continue }
            let d = pt.demand[g], s = pt.supply[g]
            f[row] = 1 - s / d
            guard wantJacobian else { continue }
            for e in entryCount.indices {
                for (i, input) in entryInputs[e].enumerated() where input == g {
                    j[row * n + entryUnknown[e] + i] += s / (d * d) * entryCount[e] * pt.quantities[e][i]
                }
                if entryOutput[e] == g, economy.goods[g].endowment == nil {
                    for (k, x) in pt.quantities[e].enumerated() {
                        j[row * n + entryUnknown[e] + k] -= entryCount[e] * gradients[e][k] * x / d
                    }
                }
            }
        }
        return (f, j)
    }

    /// The unknowns at given per-entry quantities and per-good prices.
    func unknowns(quantities: [[Double]], prices: [Double]) -> [Double] {
        var z = [Double](repeating: 0, count: unknownCount)
        for e in entryCount.indices {
            for (i, x) in quantities[e].enumerated() { z[entryUnknown[e] + i] = Foundation.log(x) }
        }
        for g in pricedGoods { if let w = priceUnknown[g] { z[w] = Foundation.log(prices[g]) } }
        return z
    }

    /// The whole economy's allocation at a point: every firm of an entry receives and makes the same.
    func allocation(_ pt: Point) -> Allocation {
        var received = [Double](repeating: 0, count: economy.inputSlotCount)
        var output = [Double](repeating: 0, count: economy.firmCount)
        for f in 0..<economy.firmCount {
            let e = Int(economy.firmEntry[f])
            for (i, k) in economy.inputs(of: f).enumerated() { received[k] = pt.quantities[e][i] }
            output[f] = pt.production[e]
        }
        return Allocation(received: received, output: output, supply: pt.supply)
    }
}
