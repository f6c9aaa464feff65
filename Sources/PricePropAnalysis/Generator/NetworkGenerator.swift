import PricePropEconomy
import PricePropScenario

/// Builds synthetic supply networks of any size, for benchmarks and tests.
///
/// Every network is a valid ``Scenario``: each good is produced or primary, every good but the final ones is
/// used, and the technologies have decreasing returns (exponents or returns to scale summing below 1), so a
/// competitive equilibrium exists and the default dynamics settle on it. Each firm is its own scenario entry
/// with its own constants, and firms of one technology share the same expression shape, so they share one
/// compiled tape. All randomness comes from a ``SplitMix64`` seeded by the caller.
public enum NetworkGenerator {
    /// The default seed of generated networks.
    public static let defaultSeed: UInt64 = 1
    /// Returns to scale of every technology are drawn from this range. Well below 1, so that input demand is
    /// not too elastic (elasticity `1/(1 − s)`) and the default firm and price steps settle without cycling.
    static let returnsRange = 0.3..<0.6

    // MARK: - Layered

    /// The shape of a layered network.
    public struct Layered: Sendable, Equatable {
        /// Producing layers; goods live in layers `0...layers`.
        public var layers: Int
        /// Goods per layer.
        public var goodsPerLayer: Int
        /// Firms making each produced good.
        public var firmsPerGood: Int
        /// Inputs of each firm, distinct goods of the previous layer.
        public var inputs: Int
        public var seed: UInt64

        public init(layers: Int, goodsPerLayer: Int, firmsPerGood: Int, inputs: Int, seed: UInt64 = NetworkGenerator.defaultSeed) {
            self.layers = layers
            self.goodsPerLayer = goodsPerLayer
            self.firmsPerGood = firmsPerGood
            self.inputs = inputs
            self.seed = seed
        }

        /// Number of firms the network has: `layers · goodsPerLayer · firmsPerGood` (`Int.max` when that
        /// overflows, which ``NetworkGenerator/layered(_:)`` refuses).
        public var firmCount: Int { NetworkGenerator.checkedProduct(layers, goodsPerLayer, firmsPerGood) ?? Int.max }
    }

    /// Why a network cannot be generated.
    public enum ShapeError: Error, Sendable, Equatable, CustomStringConvertible {
        /// A size must be at least `minimum`.
        case tooSmall(name: String, value: Int, minimum: Int)
        /// Firms need more distinct inputs than the goods they may draw on.
        case tooManyInputs(inputs: Int, available: Int)
        /// More goods or firms than a generated network may have (`nil` when the count overflows).
        case tooLarge(name: String, value: Int?, limit: Int)

        public var description: String {
            switch self {
            case let .tooSmall(name, value, minimum): return "\(name) must be at least \(minimum), not \(value)"
            case let .tooManyInputs(inputs, available):
                return "each firm needs \(inputs) distinct inputs but only \(available) goods are available"
            case let .tooLarge(name, value, limit):
                return "the network would have \(value.map { "\($0)" } ?? "more than 9.2e18") \(name); at most \(limit) are generated"
            }
        }
    }

    /// The most goods, and the most firms, a generated network has: 10 million (a file of about 1 GB).
    public static let maximumCount = 10_000_000

    /// Throws unless `count` (`nil`: it overflowed) is within ``maximumCount``.
    static func checkSize(_ name: String, _ count: Int?) throws(ShapeError) {
        guard let count, count <= maximumCount else { throw .tooLarge(name: name, value: count, limit: maximumCount) }
    }

    /// `a · b · c` (with `a + 1` for `plusOneLayer`), `nil` on overflow.
    static func checkedProduct(_ a: Int, _ b: Int, _ c: Int, plusOneLayer: Bool = false) -> Int? {
        let (first, overflowA) = a.addingReportingOverflow(plusOneLayer ? 1 : 0)
        let (ab, overflowB) = first.multipliedReportingOverflow(by: b)
        let (abc, overflowC) = ab.multipliedReportingOverflow(by: c)
        return overflowA || overflowB || overflowC ? nil : abc
    }

    /// A layered network: layer 0 goods are primary (endowments), layer `layers` goods are final (price 1), and
    /// every firm of layer `l ≥ 1` makes one good of layer `l` from `inputs` distinct goods of layer `l − 1` with
    /// Cobb-Douglas technology `A · x₁^a₁ · … · x_K^a_K`.
    ///
    /// Productivities `A` are drawn from [0.5, 1.5); returns to scale `Σ aᵢ` from [0.3, 0.6), split among the
    /// inputs by weights drawn from [0.5, 1.5). Good `j` of layer `l − 1` is the first input of the firms
    /// `k ≡ j (mod goodsPerLayer)` of layer `l` in making order, so every good is used; the other inputs are
    /// drawn uniformly. Endowments are drawn from [0.5, 1.5) times `firmsPerGood · inputs`.
    /// - Complexity: O(firms · inputs).
    public static func layered(_ shape: Layered) throws(ShapeError) -> Scenario {
        var scenario = Scenario(name: "", goods: [], firms: [])
        scenario.firms.reserveCapacity(min(max(shape.firmCount, 0), maximumCount))
        try layered(shape, head: { scenario = $0 }, firm: { scenario.firms.append($0); return true })
        return scenario
    }

    /// The layered network in file order: `head` gets the scenario without firms, then `firm` each firm, so
    /// a writer can stream a network of any size. ``layered(_:)`` collects the same pieces. `firm` returns
    /// `false` to stop there, as a writer whose destination has failed does.
    static func layered(_ shape: Layered, head: (Scenario) -> Void, firm: (Scenario.Firm) -> Bool) throws(ShapeError) {
        for (name, value, minimum) in [("layers", shape.layers, 1), ("goods", shape.goodsPerLayer, 1),
                                       ("firms per good", shape.firmsPerGood, 1), ("inputs", shape.inputs, 1)]
            where value < minimum {
            throw .tooSmall(name: name, value: value, minimum: minimum)
        }
        guard shape.inputs <= shape.goodsPerLayer else {
            throw .tooManyInputs(inputs: shape.inputs, available: shape.goodsPerLayer)
        }
        let goodCount = checkedProduct(shape.layers, 1, shape.goodsPerLayer, plusOneLayer: true)
        try checkSize("goods", goodCount)
        try checkSize("firms", checkedProduct(shape.layers, shape.goodsPerLayer, shape.firmsPerGood))
        var rng = SplitMix64(seed: shape.seed)
        let g = shape.goodsPerLayer, k = shape.inputs
        func goodName(_ layer: Int, _ j: Int) -> String { "g\(layer)_\(j)" }

        var goods: [Scenario.Good] = []
        goods.reserveCapacity((shape.layers + 1) * g)
        for layer in 0...shape.layers {
            for j in 0..<g {
                if layer == 0 {
                    let endowment = rng.uniform(0.5, 1.5) * Double(shape.firmsPerGood * k)
                    goods.append(.init(name: goodName(layer, j), endowment: endowment))
                } else if layer == shape.layers {
                    goods.append(.init(name: goodName(layer, j), price: 1))
                } else {
                    goods.append(.init(name: goodName(layer, j)))
                }
            }
        }
        head(Scenario(
            name: "layered-\(shape.layers)x\(g)x\(shape.firmsPerGood)x\(k)",
            description: "Generated layered network: \(shape.layers) producing layers of \(g) goods, \(shape.firmsPerGood) Cobb-Douglas firms per good with \(k) inputs each, seed \(shape.seed).",
            goods: goods, firms: []))
        let production = Template(cobbDouglasText(inputs: k))
        var chosen = [Int](repeating: 0, count: k)
        var names = [String](repeating: "", count: k)
        for layer in 1...shape.layers {
            let previous = (layer - 1) * g
            for j in 0..<g {
                let output = goods[layer * g + j].name
                for n in 0..<shape.firmsPerGood {
                    chosen[0] = (j * shape.firmsPerGood + n) % g
                    drawDistinct(&chosen, from: 1, below: g, using: &rng)
                    for i in 0..<k { names[i] = goods[previous + chosen[i]].name }
                    guard firm(.init(
                        name: "f\(layer)_\(j)_\(n)", output: output,
                        production: production.filled(with: names),
                        parameters: cobbDouglasParameters(inputs: k, using: &rng))) else { return }
                }
            }
        }
    }

    // MARK: - Technologies

    /// `A * #0^a1 * #1^a2 * …`, with `#i` placeholders for the input names.
    static func cobbDouglasText(inputs: Int) -> String {
        (["A"] + (0..<inputs).map { "#\($0)^a\($0 + 1)" }).joined(separator: " * ")
    }

    /// `A * (w1 * #0^r + w2 * #1^r + …)^(s / r)`.
    static func cesText(inputs: Int) -> String {
        "A * (" + (0..<inputs).map { "w\($0 + 1) * #\($0)^r" }.joined(separator: " + ") + ")^(s / r)"
    }

    static func cobbDouglasParameters(inputs: Int, using rng: inout SplitMix64) -> [Scenario.Parameter] {
        let productivity = rng.uniform(0.5, 1.5)
        let returns = rng.uniform(NetworkGenerator.returnsRange.lowerBound, NetworkGenerator.returnsRange.upperBound)
        let weights = (0..<inputs).map { _ in rng.uniform(0.5, 1.5) }
        let total = weights.reduce(0, +)
        return [.init(name: "A", value: productivity)]
            + weights.enumerated().map { .init(name: "a\($0.offset + 1)", value: returns * $0.element / total) }
    }

    static func cesParameters(inputs: Int, using rng: inout SplitMix64) -> [Scenario.Parameter] {
        let productivity = rng.uniform(0.5, 1.5)
        let returns = rng.uniform(NetworkGenerator.returnsRange.lowerBound, NetworkGenerator.returnsRange.upperBound)
        let rho = rng.uniform(0.1, 0.5)
        let weights = (0..<inputs).map { _ in rng.uniform(0.5, 1.5) }
        let total = weights.reduce(0, +)
        return [.init(name: "A", value: productivity), .init(name: "r", value: rho), .init(name: "s", value: returns)]
            + weights.enumerated().map { .init(name: "w\($0.offset + 1)", value: $0.element / total) }
    }

    /// A technology's text with `#i` placeholders for input names, split once so that filling it for each
    /// firm is a few appends (indices below 10 are single digits; larger ones are followed by a non-digit,
    /// which the templates guarantee).
    struct Template {
        /// Literal text before each placeholder, and after the last one.
        private var pieces: [String] = []
        /// Input index of each placeholder.
        private var slots: [Int] = []

        init(_ text: String) {
            var piece = "", digits = ""
            var inPlaceholder = false
            func endPlaceholder() {
                if inPlaceholder, let i = Int(digits) {
                    pieces.append(piece)
                    slots.append(i)
                    piece = ""
                }
                inPlaceholder = false
                digits = ""
            }
            for c in text {
                if inPlaceholder, c.isASCII, c.isNumber { digits.append(c); continue }
                endPlaceholder()
                if c == "#" { inPlaceholder = true } else { piece.append(c) }
            }
            endPlaceholder()
            pieces.append(piece)
        }

        /// The text with placeholder `#i` replaced by `names[i]`.
        func filled(with names: [String]) -> String {
            var result = pieces[0]
            for (i, slot) in slots.enumerated() {
                result += names[slot]
                result += pieces[i + 1]
            }
            return result
        }
    }

    /// Fills `values[from...]` with distinct integers in `0..<bound`, distinct from `values[..<from]` too.
    static func drawDistinct(_ values: inout [Int], from start: Int, below bound: Int, using rng: inout SplitMix64) {
        var i = start
        while i < values.count {
            let candidate = rng.index(below: bound)
            if !values[..<i].contains(candidate) {
                values[i] = candidate
                i += 1
            }
        }
    }
}
