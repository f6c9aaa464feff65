import Foundation
import PricePropEconomy
import PricePropExpression

/// The equilibrium conditions as a nonlinear complementarity problem, laid out flat.
///
/// Firms of one scenario entry are identical, so the unknowns are per entry: the quantity `xᵢ ≥ 0` one of its
/// firms buys of each input (one per *slot*), then the price `p_g ≥ 0` of every market-priced good that some
/// firm uses. A market-priced good nobody uses is free: its price is 0 and not an unknown. The conditions are
///
///     input slot i of entry e:   xᵢ ≥ 0,   pᵢ − p_out · ∂f_e/∂xᵢ ≥ 0,   and one of them is 0
///     market-priced good g:      p_g ≥ 0,  S_g − D_g ≥ 0,                and one of them is 0
///
/// with demand `D_g = Σ n_e xᵢ` over the slots drawing on `g` (`n_e` firms per entry) and supply `S_g` the
/// endowment of a primary good or `Σ n_e f_e(x_e)` over the producers of an intermediate one. Each pair
/// `(a, b)` is made dimensionless with scales taken at the start (`a = x / X`, `b = gap / P` or `/ Q`) and
/// written as one equation `φ(a, b) = 0` with an NCP function (``NCPFunction``), which is zero exactly when
/// `a ≥ 0, b ≥ 0, a · b = 0`.
struct EquilibriumSystem {
    let economy: Economy
    /// Per entry: firm count `n_e`, first firm, output good, first slot (`entryCount + 1` values).
    let firms: [Double]
    let firstFirm: [Int]
    let output: [Int]
    let slotStart: [Int]
    /// Per slot: the good it draws on.
    let slotGood: [Int]
    /// Per good: index among the price unknowns, or -1 when its price is fixed or it is free for lack of users.
    let priceIndex: [Int]
    /// Goods whose price is an unknown, by level, then by index.
    let pricedGoods: [Int]
    /// Per good: its endowment, or NaN when it has none.
    let endowment: [Double]
    /// Per good: its price when that is not an unknown (the fixed price, or 0 for an unused good).
    let constantPrice: [Double]
    let threads: Int

    var entryCount: Int { firms.count }
    var slotCount: Int { slotGood.count }
    /// Equations: one per slot, then one per price unknown.
    var equationCount: Int { slotGood.count + pricedGoods.count }

    /// Entries per chunk of parallel work.
    static let entryGrain = 512

    init(economy: Economy, threads: Int) throws(EquilibriumError) {
        self.economy = economy
        self.threads = max(1, threads)
        let entries = economy.firmEntryNames.count
        var firms = [Double](), first = [Int](), output = [Int](), slotStart = [0], slotGood = [Int]()
        firms.reserveCapacity(entries)
        first.reserveCapacity(entries)
        output.reserveCapacity(entries)
        slotStart.reserveCapacity(entries + 1)
        for e in 0..<entries {
            let f = Int(economy.entryFirstFirm[e])
            firms.append(Double(economy.entryFirmCount[e]))
            first.append(f)
            output.append(Int(economy.firmOutput[f]))
            for k in economy.inputs(of: f) { slotGood.append(Int(economy.inputGood[k])) }
            slotStart.append(slotGood.count)
        }
        var priceIndex = [Int](repeating: -1, count: economy.goodCount)
        var priced: [Int] = [], endowment: [Double] = [], constant: [Double] = []
        for (g, good) in economy.goods.enumerated() {
            endowment.append(good.endowment ?? .nan)
            constant.append(good.fixedPrice ?? 0)
            guard good.fixedPrice == nil, !economy.users(of: g).isEmpty else { continue }
            if good.endowment == nil, economy.producers(of: g).isEmpty { throw .unsuppliedGood(good.name) }
            priced.append(g)
        }
        // Level order keeps the reduced system banded: a firm ties its output's level to its inputs' levels.
        priced.sort { (economy.goodLevel[$0], $0) < (economy.goodLevel[$1], $1) }
        for (j, g) in priced.enumerated() { priceIndex[g] = j }
        self.firms = firms
        firstFirm = first
        self.output = output
        self.slotStart = slotStart
        self.slotGood = slotGood
        self.priceIndex = priceIndex
        pricedGoods = priced
        self.endowment = endowment
        constantPrice = constant
    }

    /// Input slots of entry `e`.
    @inline(__always) func slots(of e: Int) -> Range<Int> { slotStart[e]..<slotStart[e + 1] }
    /// Entry `e`'s parameters, those of its first firm.
    @inline(__always) func parameterRange(of e: Int) -> Range<Int> { economy.parameterRange(of: firstFirm[e]) }
    /// Entry `e`'s production function.
    @inline(__always) func tape(of e: Int) -> Tape { economy.tapes[Int(economy.firmTape[firstFirm[e]])] }
}

/// A complementarity pair `(a, b)` folded into one equation that is zero exactly when `a ≥ 0, b ≥ 0, a·b = 0`.
enum NCPFunction: Sendable {
    /// `a + b − √(a² + b²)`: smooth away from the origin, so Newton with a line search on `½‖φ‖²` is robust
    /// far from the answer.
    case fischerBurmeister
    /// `min(a, b)`: near the answer, a Newton step on it sets every active variable to exactly 0 (the
    /// active-set step), so free goods and unused inputs end at exact zeros.
    case minimum

    /// `φ(a, b)` and its partial derivatives; at the kink a fixed element of the generalised Jacobian.
    @inline(__always)
    func evaluate(_ a: Double, _ b: Double) -> (value: Double, da: Double, db: Double) {
        switch self {
        case .minimum:
            return a <= b ? (a, 1, 0) : (b, 0, 1)
        case .fischerBurmeister:
            let r = (a * a + b * b).squareRoot()
            guard r > 0 else { return (0, 1 - 0.5.squareRoot(), 1 - 0.5.squareRoot()) }
            // Rewritten to avoid cancelling: a + b − r = 2ab / (a + b + r) when a + b > 0, and
            // 1 − a/r = b² / (r (r + a)) when a > 0.
            let value = a + b > 0 ? 2 * a * b / (a + b + r) : a + b - r
            let da = a > 0 ? b * b / (r * (r + a)) : 1 - a / r
            let db = b > 0 ? a * a / (r * (r + b)) : 1 - b / r
            return (value, da, db)
        }
    }
}
