import Foundation
import PricePropBasics
import PricePropComparator
import PricePropEconomy
import PricePropOutput
import PricePropSimulation

// MARK: - From an economy's state to nodes and flows
//
// The picture is built in three steps: choose what to draw (every good, firm entry and input flow, unless the
// network is above the limits, in which case the rest is aggregated), lay the boxes out in columns
// (`NetworkPicture+Layout.swift`), then place the marginal values on their flows without overlaps
// (`NetworkPicture+Labels.swift`).

extension NetworkPicture {
    /// Draws `economy` at the state `allocation` and `comparison` describe (both of the same tick).
    ///
    /// - Parameters:
    ///   - title: the start of the first header line, usually the scenario's name.
    ///   - state: which state this is, e.g. `at equilibrium (converged after 441 ticks)`, appended to the
    ///     title (see ``stateText(_:moment:)``).
    ///   - limits: above these sizes goods, entries and flows are aggregated; the picture's ``notes`` say how.
    /// - Complexity: O(entries · inputs + goods) to gather, then about O(flows²) for crossing reduction,
    ///   bounded by `limits`.
    public init(economy: Economy, comparison: Comparison, allocation: Allocation, title: String,
                state: String = "", limits: Limits = Limits()) {
        let content = Content(economy: economy, comparison: comparison, allocation: allocation, limits: limits)
        self = NetworkPicture.laidOut(content, title: title, state: state)
    }

    /// The goods and flows chosen to be drawn, before layout.
    struct Content {
        var nodes: [Node] = []
        var edges: [Edge] = []
        var notes: [String] = []
        /// Whether marginal values are placed on their flows (else summarised in the goods' boxes).
        var labelsOnFlows = true
        /// Space between columns; wider when many flows fan out between goods.
        var columnGap = NetworkPicture.columnGap
    }
}

extension NetworkPicture.Content {
    typealias Node = NetworkPicture.Node
    typealias Edge = NetworkPicture.Edge

    /// One firm entry's view: what it makes and, per distinct input good, what its firms received in all.
    struct Entry {
        var output: Int
        var outputQuantity: Double
        var inputs: [(good: Int, quantity: Double)]
        var firmCount: Int
    }

    init(economy: Economy, comparison: Comparison, allocation: Allocation, limits: NetworkPicture.Limits) {
        let selection = Selection(economy: economy, comparison: comparison, allocation: allocation, limits: limits)
        if let note = selection.goodsNote { notes.append(note) }
        if selection.compact { columnGap = 2 * NetworkPicture.columnGap }
        // Marginal values go on the flows, unless there are too many to read: then each good's box gives
        // their range.
        labelsOnFlows = !selection.compact && selection.useRows <= limits.flowLabels
        let goodNode = addGoods(selection)
        var tally = ProducerTally()
        for g in 0..<economy.goodCount {
            guard let target = goodNode[g], !selection.makers[g].isEmpty else { continue }
            addProducers(of: g, into: target, selection, goodNode: goodNode, tally: &tally)
        }
        addNotes(selection, tally)
        var inputFlows = tally.inputFlows
        if inputFlows.count > limits.inputFlows {
            notes.append("\(inputFlows.count) input flows: the \(limits.inputFlows) of most value traded (price × quantity) are drawn")
            inputFlows = Self.largest(inputFlows, limits.inputFlows)
        }
        edges = inputFlows.map(\.edge) + edges
        let largest = edges.map { abs($0.quantity) }.filter(\.isFinite).max() ?? 0
        for i in edges.indices {
            let q = abs(edges[i].quantity)
            edges[i].width = largest > 0 && q.isFinite ? 1.25 + 7.75 * q / largest : 1.25
        }
    }

    /// What the producer step has drawn so far, for the notes.
    struct ProducerTally {
        var inputFlows: [(edge: Edge, value: Double)] = []
        var sectors = 0
        var dropped = 0
    }

    /// One box per drawn good, then one per level for the goods not drawn; returns each good's node.
    private mutating func addGoods(_ selection: Selection) -> [Int?] {
        let economy = selection.economy, comparison = selection.comparison, makers = selection.makers
        var goodNode = [Int?](repeating: nil, count: economy.goodCount)
        for g in 0..<economy.goodCount where selection.shown[g] {
            goodNode[g] = nodes.count
            var extra: [NetworkPicture.Line] = []
            if selection.compact, !makers[g].isEmpty {
                let firms = selection.firmCount(makers[g])
                extra.append(.init(text: makers[g].count == firms ? "made by \(firms) firm\(firms == 1 ? "" : "s")"
                                       : "made by \(makers[g].count) entries, \(firms) firms", style: .detail, size: 11))
            }
            if !labelsOnFlows, let line = Self.usesLine(g, comparison: comparison) { extra.append(line) }
            nodes.append(Self.goodNode(g, economy: economy, comparison: comparison, column: selection.column(ofGood: g),
                                       extra: extra))
        }
        for level in selection.hiddenPerLevel.keys.sorted() {
            guard let count = selection.hiddenPerLevel[level] else { continue }
            nodes.append(Self.node(id: "more:\(level)", kind: .moreGoods(level: level, count: count),
                                   column: selection.step * level,
                                   lines: [.init(text: "+ \(count) more goods", style: .name, size: 12),
                                           .init(text: "level \(level)", style: .detail, size: 11)],
                                   fill: .init(hex: 0xF6F6F6), stroke: .init(hex: 0xA0A0A0)))
        }
        return goodNode
    }

    /// Good `g`'s producers: one box per entry, one sector when it has more entries than the limit, or none
    /// (compact), each with the flows of its inputs and, unless compact, the flow of its output into `target`.
    private mutating func addProducers(of g: Int, into target: Int, _ selection: Selection, goodNode: [Int?],
                                       tally: inout ProducerTally) {
        let makers = selection.makers[g], compact = selection.compact, limits = selection.limits
        let group = compact || makers.count > limits.entriesPerGood ? [makers] : makers.map { [$0] }
        for members in group {
            let producer = compact ? target : nodes.count
            if !compact {
                // Compact: the good's own box stands for its makers.
                if members.count > 1 { tally.sectors += 1 }
                nodes.append(Self.producerNode(members, making: g, selection))
            }
            var drawn = Self.inputFlows(of: members, into: producer, selection, goodNode: goodNode)
            if compact, drawn.count > limits.flowsPerGood {
                tally.dropped += drawn.count - limits.flowsPerGood
                drawn = Self.largest(drawn, limits.flowsPerGood)
            }
            tally.inputFlows += drawn
            if !compact {
                let output = members.reduce(0.0) { $0 + (selection.entries[$1]?.outputQuantity ?? 0) }
                edges.append(Edge(from: producer, to: target, quantity: output, width: 0, marginalValue: nil,
                                  useError: nil, isInput: false, path: [], label: nil))
            }
        }
    }

    /// A firm entry's box (its name, a short production function, its firm count) or a sector's.
    private static func producerNode(_ members: [Int], making g: Int, _ selection: Selection) -> Node {
        let economy = selection.economy, firms = selection.firmCount(members)
        guard members.count == 1, let e = members.first else {
            return node(id: "sector:\(economy.goods[g].name)", kind: .sector(entries: members),
                        column: selection.column(ofGood: g) - 1,
                        lines: [.init(text: "\(economy.goods[g].name) makers", style: .name, size: 12),
                                .init(text: "\(members.count) entries, \(firms) firms", style: .detail, size: 11)],
                        fill: .init(hex: 0xF2F2F2), stroke: .init(hex: 0x6A6A6A))
        }
        var lines = [NetworkPicture.Line(text: economy.firmEntryNames[e], style: .name, size: 12)]
        // A short production function says what the firm does; a long one would only crowd.
        let production = economy.firmEntryProductions[e]
        if production.count <= NetworkPicture.productionLength {
            lines.append(.init(text: production, style: .detail, size: 11))
        }
        if firms > 1 { lines.append(.init(text: "\(firms) firms", style: .detail, size: 11)) }
        return node(id: "firm:\(economy.firmEntryNames[e])", kind: .firm(entry: e),
                    column: selection.column(ofGood: g) - 1, lines: lines,
                    fill: .init(hex: 0xFFFFFF), stroke: .init(hex: 0x8A8A8A))
    }

    /// The members' inputs summed, in order of first mention, as flows into `producer` with their value
    /// traded; marginal values weighted by what each member received.
    private static func inputFlows(of members: [Int], into producer: Int, _ selection: Selection,
                                   goodNode: [Int?]) -> [(edge: Edge, value: Double)] {
        let goodCount = selection.economy.goodCount, prices = selection.comparison.prices
        var flows: [(good: Int, quantity: Double, weighted: Double, plain: Double, count: Int, hasUse: Bool)] = []
        for e in members {
            guard let entry = selection.entries[e] else { continue }
            for input in entry.inputs {
                let use = selection.useRow[e * goodCount + input.good]
                let i = flows.firstIndex { $0.good == input.good } ?? {
                    flows.append((input.good, 0, 0, 0, 0, false))
                    return flows.count - 1
                }()
                flows[i].quantity += input.quantity
                if let use {
                    flows[i].weighted += input.quantity * use.value
                    flows[i].plain += use.value
                    flows[i].count += 1
                    flows[i].hasUse = true
                }
            }
        }
        return flows.compactMap { flow in
            guard let source = goodNode[flow.good] else { return nil }
            var edge = Edge(from: source, to: producer, quantity: flow.quantity, width: 0, marginalValue: nil,
                            useError: nil, isInput: true, path: [], label: nil)
            if flow.hasUse {
                let value = flow.quantity > 0 ? flow.weighted / flow.quantity : flow.plain / Double(max(1, flow.count))
                edge.marginalValue = value
                edge.useError = relativeDifference(prices[flow.good], value)
            }
            return (edge, abs(prices[flow.good] * flow.quantity))
        }
    }

    /// What the picture leaves out or summarises, in the order the steps decided it.
    private mutating func addNotes(_ selection: Selection, _ tally: ProducerTally) {
        let limits = selection.limits
        if selection.compact {
            notes.append("\(selection.drawnGoods) goods: firms are not drawn one by one; each flow is what a good's makers bought of an input")
            if tally.dropped > 0 {
                notes.append("only the \(limits.flowsPerGood) largest inputs of each good by value traded (price × quantity) are drawn; \(tally.dropped) smaller flows are left out")
            }
        }
        if !labelsOnFlows, selection.useRows > 0 {
            notes.append("goods with several users give the range of their users' marginal values in their box (every one equals the price at equilibrium)")
        }
        if tally.sectors > 0 {
            notes.append("\(tally.sectors) goods made by more than \(limits.entriesPerGood) firm entries: each good's makers are drawn as one sector")
        }
    }

    /// The `count` flows of most value, in their original order.
    static func largest(_ flows: [(edge: Edge, value: Double)], _ count: Int) -> [(edge: Edge, value: Double)] {
        flows.indices.sorted { a, b in flows[a].value != flows[b].value ? flows[a].value > flows[b].value : a < b }
            .prefix(count).sorted().map { flows[$0] }
    }

    /// `3 uses: 0.2756–0.2757` (or `3 uses, each 0.2756`), coloured by the use furthest from the price;
    /// `nil` for a good with fewer than two using entries.
    static func usesLine(_ g: Int, comparison: Comparison) -> NetworkPicture.Line? {
        let rows = Int(comparison.useStart[g])..<Int(comparison.useStart[g + 1])
        guard rows.count > 1 else { return nil }
        let values = rows.map { comparison.useMarginalValue[$0] }
        let worst = rows.map { comparison.useRelativeError[$0] }.max() ?? .infinity
        let low = NetworkPicture.number(values.min() ?? .nan), high = NetworkPicture.number(values.max() ?? .nan)
        let text = low == high ? "\(rows.count) uses, each \(low)" : "\(rows.count) uses: \(low) to \(high)"
        return .init(text: text, style: .match(.init(relativeError: worst, isMarketPriced: comparison.isMarketPriced[g])), size: 11)
    }

    static func node(id: String, kind: NetworkPicture.NodeKind, column: Int, lines: [NetworkPicture.Line],
                     fill: SVGPlot.Color, stroke: SVGPlot.Color) -> Node {
        let width = lines.map { NetworkPicture.textWidth($0.text, size: $0.size, bold: NetworkPicture.isBold($0.style)) }.max() ?? 0
        let height = lines.reduce(0) { $0 + NetworkPicture.lineHeight($1.size) }
        return Node(id: id, kind: kind, column: column,
                    box: .init(x: 0, y: 0, width: width + 2 * NetworkPicture.nodePadding.x,
                               height: height + 2 * NetworkPicture.nodePadding.y),
                    lines: lines, fill: fill, stroke: stroke)
    }

    /// A good's box: name, role, price, derivative and their relative error.
    static func goodNode(_ g: Int, economy: Economy, comparison: Comparison, column: Int,
                         extra: [NetworkPicture.Line] = []) -> Node {
        let good = economy.goods[g]
        let price = comparison.prices[g], gradient = comparison.gradients[g], error = comparison.relativeErrors[g]
        let marketPriced = comparison.isMarketPriced[g]
        var lines = [NetworkPicture.Line(text: good.name, style: .name, size: 14)]
        let role: String, fill: UInt32, stroke: UInt32
        switch good.role {
        case let .primary(endowment):
            role = "primary"
            fill = 0xE4F2DF
            stroke = 0x4E8F3E
            lines.append(.init(text: "primary, endowment \(NetworkPicture.number(endowment))", style: .detail, size: 11))
        case .fixedPrice:
            role = "fixed price"
            fill = 0xFCEEDB
            stroke = 0xB5782A
            lines.append(.init(text: "fixed price", style: .detail, size: 11))
        case .intermediate:
            role = "intermediate"
            fill = 0xE2ECF7
            stroke = 0x3B6EA5
        }
        lines.append(.init(text: "price \(NetworkPicture.numberWithFraction(price))", style: .detail, size: 12))
        lines.append(.init(text: "dV/dgood \(NetworkPicture.numberWithFraction(gradient))", style: .detail, size: 12))
        if marketPriced {
            lines.append(.init(text: "rel. error \(NetworkPicture.errorText(error))",
                               style: .match(.init(relativeError: error)), size: 11))
        }
        lines += extra
        var node = node(id: "good:\(good.name)", kind: .good(g), column: column, lines: lines,
                        fill: .init(hex: fill), stroke: .init(hex: stroke))
        node.role = role
        node.price = price
        node.gradient = gradient
        node.relativeError = error
        return node
    }
}

// MARK: - Numbers

extension NetworkPicture {
    static let nodePadding = (x: 10.0, y: 7.0)
    /// Longest production text written in a firm's box.
    static let productionLength = 28

    static func lineHeight(_ size: Double) -> Double { size * 1.3 }

    /// Four significant digits: `0.04167`, `1.5`; `undefined`, `∞` or `−∞` for values that are not finite.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "undefined" : x > 0 ? "∞" : "−∞" }
        return NumberText.significant(x, digits: 4)
    }

    /// Two significant digits, the exponent without leading zeros: `9.4e-11`, `1e-6`.
    static func errorText(_ x: Double) -> String {
        guard x.isFinite else { return number(x) }
        return NumberText.significant(x, digits: 2).replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e+")
    }

    /// `0.04167 = 1/24` when `x` is within ``fractionTolerance`` of a fraction with a small denominator,
    /// else the four-digit number alone.
    static func numberWithFraction(_ x: Double) -> String {
        guard let (numerator, denominator) = simpleFraction(x) else { return number(x) }
        return "\(number(x)) = \(numerator)/\(denominator)"
    }

    /// Relative distance within which a value is shown as a fraction: far below four digits, far above the
    /// distance of a random number to the nearest fraction of denominator at most ``maxDenominator``.
    static let fractionTolerance = 1e-8
    static let maxDenominator = 64

    /// The fraction `n/d` with `2 ≤ d ≤ maxDenominator` (lowest terms, smallest `d`) within
    /// ``fractionTolerance`` of `x`, if any; `nil` for integers, non-finite values and zero.
    static func simpleFraction(_ x: Double) -> (Int, Int)? {
        guard x.isFinite, x != 0, abs(x) < 1e6, x != x.rounded() else { return nil }
        for d in 2...maxDenominator {
            let n = (x * Double(d)).rounded()
            guard n != 0, relativeDifference(n / Double(d), x) <= fractionTolerance else { continue }
            return (Int(n), d)
        }
        return nil
    }
}
