import PricePropScenario

// MARK: - Random DAG

extension NetworkGenerator {
    /// The shape of a random acyclic network.
    public struct RandomDAG: Sendable, Equatable {
        public var goods: Int
        public var firms: Int
        /// Each firm draws its input count uniformly from this range (fewer when not enough goods precede its
        /// output).
        public var minInputs: Int
        public var maxInputs: Int
        /// Fraction of firms with CES technology; the rest are Cobb-Douglas.
        public var cesShare: Double
        public var seed: UInt64

        public init(goods: Int, firms: Int, minInputs: Int = 1, maxInputs: Int = 3, cesShare: Double = 0.5,
                    seed: UInt64 = NetworkGenerator.defaultSeed) {
            self.goods = goods
            self.firms = firms
            self.minInputs = minInputs
            self.maxInputs = maxInputs
            self.cesShare = cesShare
            self.seed = seed
        }
    }

    /// A random acyclic network. Goods are numbered in a topological order: the first fifth (at least one)
    /// are primary, the last tenth (at least one) final with price 1. Every produced good gets at least one
    /// firm (the first firms go round-robin over them, the rest to random produced goods). A firm making good
    /// `h` draws distinct inputs among goods `0..<h`. A good no firm drew is then added as an extra input to a
    /// random firm making a later good, so every good but the final ones is used.
    ///
    /// Technologies mix Cobb-Douglas `A · Π xᵢ^aᵢ` and CES `A · (Σ wᵢ xᵢ^r)^(s/r)` with `r` in [0.1, 0.5)
    /// and returns `s` in [0.3, 0.6).
    public static func randomDAG(_ shape: RandomDAG) throws(ShapeError) -> Scenario {
        var scenario = Scenario(name: "", goods: [], firms: [])
        try randomDAG(shape, head: { scenario = $0 }, firm: { scenario.firms.append($0); return true })
        return scenario
    }

    /// The random network in file order, as ``layered(_:head:firm:)`` gives a layered one. The draws come in a
    /// fixed order (firms' outputs and inputs, the unused goods' extra uses, endowments, technologies), so a
    /// seed gives one network.
    static func randomDAG(_ shape: RandomDAG, head: (Scenario) -> Void, firm: (Scenario.Firm) -> Bool) throws(ShapeError) {
        let counts = try RandomDAGCounts(shape)
        var rng = SplitMix64(seed: shape.seed)
        let (firmOutput, drawnInputs) = drawFirms(shape, counts, using: &rng)
        var firmInputs = drawnInputs
        useEveryGood(shape, counts, firmOutput: firmOutput, firmInputs: &firmInputs, using: &rng)
        let goods = randomGoods(shape, counts, using: &rng)
        head(Scenario(
            name: "random-dag-\(shape.goods)x\(shape.firms)",
            description: "Generated random acyclic network: \(shape.goods) goods, \(shape.firms) firms with \(shape.minInputs) to \(shape.maxInputs) inputs, CES share \(shape.cesShare), seed \(shape.seed).",
            goods: goods, firms: []))
        var shapes: [Int: (cobbDouglas: Template, ces: Template)] = [:]
        for f in 0..<shape.firms {
            let inputs = firmInputs[f]
            let n = inputs.count
            let templates = shapes[n] ?? (Template(cobbDouglasText(inputs: n)), Template(cesText(inputs: n)))
            shapes[n] = templates
            let ces = n > 1 && rng.unit() < shape.cesShare
            guard firm(.init(
                name: "f\(f)", output: goods[firmOutput[f]].name,
                production: (ces ? templates.ces : templates.cobbDouglas).filled(with: inputs.map { goods[$0].name }),
                parameters: ces ? cesParameters(inputs: n, using: &rng) : cobbDouglasParameters(inputs: n, using: &rng))) else { return }
        }
    }

    /// How a random network's goods divide: the first `primary` are primary, the last `final` final, and the
    /// `produced` after the primary ones are made by firms.
    struct RandomDAGCounts {
        let primary: Int, final: Int, produced: Int

        /// The counts of `shape`; throws when it is too small or too large to generate.
        init(_ shape: RandomDAG) throws(ShapeError) {
            guard shape.goods >= 2 else { throw .tooSmall(name: "goods", value: shape.goods, minimum: 2) }
            try checkSize("goods", shape.goods)
            try checkSize("firms", shape.firms)
            guard shape.minInputs >= 1 else { throw .tooSmall(name: "inputs", value: shape.minInputs, minimum: 1) }
            guard shape.maxInputs >= shape.minInputs else {
                throw .tooSmall(name: "maximum inputs", value: shape.maxInputs, minimum: shape.minInputs)
            }
            primary = max(1, shape.goods / 5)
            final = max(1, min(shape.goods / 10, shape.goods - primary))
            produced = shape.goods - primary
            guard shape.firms >= produced else { throw .tooSmall(name: "firms", value: shape.firms, minimum: produced) }
        }
    }

    /// Each firm's output good and distinct inputs among the goods before it.
    private static func drawFirms(_ shape: RandomDAG, _ counts: RandomDAGCounts, using rng: inout SplitMix64)
        -> (output: [Int], inputs: [[Int]]) {
        var firmOutput: [Int] = []
        var firmInputs: [[Int]] = []
        for f in 0..<shape.firms {
            let h = f < counts.produced ? counts.primary + f : counts.primary + rng.index(below: counts.produced)
            let wanted = shape.minInputs + rng.index(below: shape.maxInputs - shape.minInputs + 1)
            var inputs = [Int](repeating: 0, count: min(wanted, h))
            drawDistinct(&inputs, from: 0, below: h, using: &rng)
            firmOutput.append(h)
            firmInputs.append(inputs)
        }
        return (firmOutput, firmInputs)
    }

    /// Adds each good but the final ones that no firm drew as an extra input of a random firm making a later good.
    private static func useEveryGood(_ shape: RandomDAG, _ counts: RandomDAGCounts, firmOutput: [Int],
                                     firmInputs: inout [[Int]], using rng: inout SplitMix64) {
        var used = [Bool](repeating: false, count: shape.goods)
        for inputs in firmInputs { for i in inputs { used[i] = true } }
        var makers = [[Int]](repeating: [], count: shape.goods)
        for (f, h) in firmOutput.enumerated() { makers[h].append(f) }
        for u in 0..<(shape.goods - counts.final) where !used[u] {
            // A produced good after u always exists: u is not final, and the goods after it include the final ones.
            let later = (u + 1)..<shape.goods
            var h = later.lowerBound + rng.index(below: later.count)
            while makers[h].isEmpty { h = h + 1 < shape.goods ? h + 1 : u + 1 }
            let f = makers[h][rng.index(below: makers[h].count)]
            firmInputs[f].append(u)
            used[u] = true
        }
    }

    /// The goods `g0…`: primary ones with endowments drawn from [5, 15), final ones priced 1, the rest produced.
    private static func randomGoods(_ shape: RandomDAG, _ counts: RandomDAGCounts,
                                    using rng: inout SplitMix64) -> [Scenario.Good] {
        var goods: [Scenario.Good] = []
        for j in 0..<shape.goods {
            let name = "g\(j)"
            if j < counts.primary {
                goods.append(.init(name: name, endowment: rng.uniform(5, 15)))
            } else if j >= shape.goods - counts.final {
                goods.append(.init(name: name, price: 1))
            } else {
                goods.append(.init(name: name))
            }
        }
        return goods
    }
}
