import PricePropScenario

// MARK: - Cyclic

extension NetworkGenerator {
    /// The shape of a cyclic network: industries that buy from each other and from themselves, as in an
    /// input-output table.
    public struct Cyclic: Sendable, Equatable {
        /// Industries, each making one good.
        public var industries: Int
        /// Inputs of each industry's firm besides labour: its own output, the next industry's, and the rest
        /// drawn at random from the ``window`` industries after it.
        public var inputs: Int
        public var seed: UInt64

        public init(industries: Int, inputs: Int, seed: UInt64 = NetworkGenerator.defaultSeed) {
            self.industries = industries
            self.inputs = inputs
            self.seed = seed
        }
    }

    /// How far along the ring an industry's suppliers lie: a supplier drawn at random from the whole network
    /// would make the Leontief system an expander, whose sparse LU fills in to a dense square of thousands.
    public static let window = 32

    /// A cyclic network: industry `i` makes good `c_i` from labour, its own output, good `c_{i+1}` (the last
    /// industry buys from the first, so the industries form one ring) and `inputs − 2` goods of the
    /// industries `i + 2 ..< i + window` drawn uniformly, with Cobb-Douglas technology as ``layered(_:)``'s (decreasing returns, so each
    /// cycle returns less than it takes and a steady state exists). One final good per 100 industries (at
    /// least one), sold at price 1, is made from `inputs` distinct industries' goods; labour's endowment is the
    /// industry count. Every good is used and every cycle closes through carried goods.
    /// - Complexity: O(industries · inputs).
    public static func cyclic(_ shape: Cyclic) throws(ShapeError) -> Scenario {
        var scenario = Scenario(name: "", goods: [], firms: [])
        try cyclic(shape, head: { scenario = $0 }, firm: { scenario.firms.append($0); return true })
        return scenario
    }

    /// The cyclic network in file order, as ``layered(_:head:firm:)`` gives the layered one.
    static func cyclic(_ shape: Cyclic, head: (Scenario) -> Void, firm: (Scenario.Firm) -> Bool) throws(ShapeError) {
        for (name, value, minimum) in [("industries", shape.industries, 2), ("inputs", shape.inputs, 2)] where value < minimum {
            throw .tooSmall(name: name, value: value, minimum: minimum)
        }
        guard shape.inputs <= min(shape.industries, window) else {
            throw .tooManyInputs(inputs: shape.inputs, available: min(shape.industries, window))
        }
        try checkSize("goods", shape.industries.addingReportingOverflow(shape.industries / 100 + 2).partialValue)
        let n = shape.industries, k = shape.inputs, finals = max(1, n / 100)
        var rng = SplitMix64(seed: shape.seed)
        var goods: [Scenario.Good] = [.init(name: "labour", endowment: Double(n))]
        goods += (0..<n).map { Scenario.Good(name: "c\($0)") }
        goods += (0..<finals).map { Scenario.Good(name: "final\($0)", price: 1) }
        head(Scenario(
            name: "cyclic-\(n)x\(k)",
            description: "Generated cyclic network: \(n) industries in a ring, each using labour, its own output and \(k - 1) industries' goods with Cobb-Douglas technology; \(finals) final goods; seed \(shape.seed).",
            goods: goods, firms: []))
        let industry = Template(cobbDouglasText(inputs: k + 1)), final = Template(cobbDouglasText(inputs: k))
        var chosen = [Int](repeating: 0, count: k), offsets = [Int](repeating: 0, count: k)
        for i in 0..<n {
            offsets[1] = 1
            drawDistinct(&offsets, from: 2, below: min(n, window), using: &rng)
            guard firm(.init(name: "industry\(i)", output: "c\(i)",
                             production: industry.filled(with: ["labour"] + offsets.map { "c\((i + $0) % n)" }),
                             parameters: cobbDouglasParameters(inputs: k + 1, using: &rng))) else { return }
        }
        for m in 0..<finals {
            chosen[0] = m
            drawDistinct(&chosen, from: 1, below: n, using: &rng)
            guard firm(.init(name: "final\(m)", output: "final\(m)", production: final.filled(with: chosen.map { "c\($0)" }),
                             parameters: cobbDouglasParameters(inputs: k, using: &rng))) else { return }
        }
    }

    /// Writes ``cyclic(_:)``'s network as scenario-file JSON, as ``writeLayered(_:to:while:)`` does.
    public static func writeCyclic(_ shape: Cyclic, to out: inout some TextOutputStream,
                                   while keepGoing: @escaping () -> Bool = { true }) throws(ShapeError) {
        try stream(to: &out, while: keepGoing) { head, firm throws(ShapeError) in try cyclic(shape, head: head, firm: firm) }
    }
}
