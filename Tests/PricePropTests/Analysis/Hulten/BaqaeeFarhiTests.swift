import Testing
import PriceProp
import PricePropTestSupport

/// `shock-curve`'s second-order term against the published closed form: Baqaee and Farhi (2019), "The
/// Macroeconomic Impact of Microeconomic Shocks", Theorem 2 in the notation of their standard form (as
/// MacroEconometricModels.jl's `bf_hessian.jl` also implements it):
///
///     dλ_k / d ln A_l = Σ_j (θ_j − 1) λ_j Cov_Ω(j)(Ψ_(l) − Σ_f Ψ_(f) d ln Λ_f / d ln A_l, Ψ_(k))
///
/// with Ω the cost-share matrix (the household's budget shares in its first row), Ψ = (I − Ω)⁻¹ the Leontief
/// inverse, λ = Ψ's household row the Domar weights, θ_j node j's elasticity of substitution and Λ_f the factor
/// shares, which solve `[diag(Λ) + Γ] d ln Λ = X`. PriceProp gets the same number another way: the implicit
/// function theorem on its own equilibrium conditions, with exact second derivatives of the expressions.
@Suite struct BaqaeeFarhiTests {
    /// The standard form of `examples/ces-network.json` at its equilibrium: every node's cost shares from the
    /// solved prices and quantities. The bakery's decreasing returns `g(labour, steel)^0.9` are constant returns
    /// over a CES bundle `g` and a fixed factor of its own (its profit, a tenth of its sales).
    struct StandardForm {
        static let nodes = ["household", "steelworks", "bakery", "winery", "bakery bundle",
                            "labour", "capital", "bakery's fixed factor"]
        static let industries = [1, 2, 3]
        static let factors = [5, 6, 7]
        var omega: [[Double]]
        var theta: [Double]

        init(_ solved: Equilibrium, economy: Economy, elasticity: Double) throws {
            func price(_ good: String) throws -> Double {
                try solved.prices[#require(economy.goods.firstIndex { $0.name == good })]
            }
            func entry(_ name: String) throws -> Equilibrium.EntryRow { try #require(solved.entries.first { $0.name == name }) }
            func spending(_ row: Equilibrium.EntryRow) throws -> [String: Double] {
                var spent: [String: Double] = [:]
                for (good, quantity) in zip(row.inputs, row.quantities) { spent[good] = try price(good) * quantity * Double(row.count) }
                return spent
            }
            let index = Dictionary(uniqueKeysWithValues: Self.nodes.enumerated().map { ($1, $0) })
            let goodNode = ["steel": 1, "bread": 2, "wine": 3, "labour": 5, "capital": 6]
            var omega = Array(repeating: Array(repeating: 0.0, count: Self.nodes.count), count: Self.nodes.count)
            func shares(_ node: Int, _ spent: [String: Double], of total: Double) throws {
                for (good, amount) in spent { omega[node][try #require(goodNode[good])] = amount / total }
            }
            let household = try spending(entry("household"))
            try shares(0, household, of: household.values.reduce(0, +))
            for name in ["steelworks", "winery"] {
                let row = try entry(name)
                try shares(try #require(index[name]), try spending(row), of: try price(row.output) * row.production)
            }
            let bakery = try entry("bakery"), bakerySpent = try spending(bakery)
            let bundleCost = bakerySpent.values.reduce(0, +), sales = try price(bakery.output) * bakery.production
            omega[2][4] = bundleCost / sales
            omega[2][7] = 1 - bundleCost / sales
            try shares(4, bakerySpent, of: bundleCost)
            self.omega = omega
            // CES everywhere but the bakery's Cobb-Douglas split between its bundle and its fixed factor.
            theta = [elasticity, elasticity, 1, elasticity, elasticity, 1, 1, 1]
        }

        /// Ψ = (I − Ω)⁻¹.
        var leontiefInverse: [[Double]] {
            let n = omega.count
            let identity = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0 } }
            let iMinusOmega = (0..<n).map { i in (0..<n).map { identity[i][$0] - omega[i][$0] } }
            return Self.solve(iMinusOmega, identity)
        }

        /// The Hessian `d λ_k / d ln A_l` over the industries.
        func hessian() -> [[Double]] {
            let psi = leontiefInverse, n = omega.count
            let lambda = psi[0]
            var k = Array(repeating: Array(repeating: 0.0, count: n), count: n)
            for j in 0..<n where theta[j] != 1 {
                let w = omega[j], c = (theta[j] - 1) * lambda[j]
                for a in 0..<n where w[a] != 0 {
                    k[a][a] += c * w[a]
                    for b in 0..<n { k[a][b] -= c * w[a] * w[b] }
                }
            }
            func form(_ left: Int, _ right: Int) -> Double {  // Ψ_(left)' K Ψ_(right)
                (0..<n).reduce(0) { sum, a in sum + psi[a][left] * (0..<n).reduce(0) { $0 + k[a][$1] * psi[$1][right] } }
            }
            let base = Self.industries.map { kk in Self.industries.map { form(kk, $0) } }
            let gamma = Self.factors.map { f in Self.factors.map { form(f, $0) } }
            let x = Self.factors.map { f in Self.industries.map { form(f, $0) } }
            let shareSystem = Self.factors.indices.map { f in
                Self.factors.indices.map { g in gamma[f][g] + (f == g ? lambda[Self.factors[f]] : 0) }
            }
            let logShares = Self.solve(shareSystem, x)  // d ln Λ_f / d ln A_l
            return Self.industries.indices.map { kk in
                Self.industries.indices.map { l in
                    base[kk][l] - Self.factors.indices.reduce(0) { $0 + x[$1][kk] * logShares[$1][l] }
                }
            }
        }

        /// `A⁻¹ B` by Gaussian elimination with partial pivoting (small dense systems only).
        static func solve(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] {
            var a = a, b = b
            let n = a.count
            for column in 0..<n {
                let pivot = (column..<n).max { abs(a[$0][column]) < abs(a[$1][column]) } ?? column
                a.swapAt(column, pivot)
                b.swapAt(column, pivot)
                for row in 0..<n where row != column {
                    let factor = a[row][column] / a[column][column]
                    guard factor != 0 else { continue }
                    for c in column..<n { a[row][c] -= factor * a[column][c] }
                    for c in b[row].indices { b[row][c] -= factor * b[column][c] }
                }
            }
            return (0..<n).map { row in b[row].map { $0 / a[row][row] } }
        }
    }

    static func standardForm() throws -> (StandardForm, ProductionNetwork) {
        let scenario = try HultenFixtures.ces()
        let economy = try Economy(scenario)
        let solved = try Equilibrium(solving: economy)
        #expect(solved.converged)
        // Elasticity of substitution 1 / (1 − rho) with rho = −1.
        return (try StandardForm(solved, economy: economy, elasticity: 0.5), try ProductionNetwork(scenario))
    }

    /// The Leontief inverse's household row is the Domar weights `hulten` prints, and the factor shares with
    /// the bakery's profit add up to 1 (constant returns in the standard form).
    @Test func leontiefInverseGivesTheDomarWeights() throws {
        let (form, _) = try Self.standardForm()
        let lambda = form.leontiefInverse[0]
        let table = try HultenTable(scenario: HultenFixtures.ces())
        for (node, industry) in zip(StandardForm.industries, ["steelworks", "bakery", "winery"]) {
            let row = try #require(table.sectors.first { $0.firm == industry })
            expectClose(lambda[node], row.domar, relative: 1e-10, "\(industry)")
        }
        expectClose(StandardForm.factors.reduce(0) { $0 + lambda[$1] }, 1, relative: 1e-12)
        expectClose(form.omega[2][4], 0.9, relative: 1e-10, "the bakery spends nine tenths of its sales")
    }

    /// Every industry's dDomar/dz from `shock-curve` equals the diagonal of the closed-form Hessian.
    @Test func domarSlopesEqualTheClosedForm() throws {
        let (form, _) = try Self.standardForm()
        let hessian = form.hessian()
        for (k, industry) in ["steelworks", "bakery", "winery"].enumerated() {
            let curve = try ShockCurve(scenario: HultenFixtures.ces(), firm: industry, shocks: [0])
            expectClose(curve.domarSlope, hessian[k][k], relative: 1e-9, "\(industry)")
            #expect(abs(hessian[k][k]) > 1e-3, "\(industry): a slope that could be told apart from 0")
        }
        // The Hessian of ln Y is symmetric: the closed form's off-diagonal pairs agree.
        for k in 0..<3 { for l in 0..<k { expectClose(hessian[k][l], hessian[l][k], relative: 1e-9) } }
    }
}
