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
        let goodCount = economy.goodCount
        var entries: [Entry?] = []
        for e in economy.firmEntryNames.indices {
            let count = Int(economy.entryFirmCount[e]), first = Int(economy.entryFirstFirm[e])
            guard count > 0 else { entries.append(nil); continue }
            var inputs: [(good: Int, quantity: Double)] = []
            var output = 0.0
            for f in first..<(first + count) {
                output += allocation.output[f]
                for k in economy.inputs(of: f) {
                    let good = Int(economy.inputGood[k]), quantity = allocation.received[k]
                    // An entry naming a good twice adds both slots into one flow.
                    if let i = inputs.firstIndex(where: { $0.good == good }) { inputs[i].quantity += quantity }
                    else { inputs.append((good, quantity)) }
                }
            }
            entries.append(Entry(output: Int(economy.firmOutput[first]), outputQuantity: output, inputs: inputs,
                                 firmCount: count))
        }

        // Goods: all of them, or per level those of most value traded when there are too many.
        var shown = [Bool](repeating: true, count: goodCount)
        var hiddenPerLevel: [Int: Int] = [:]
        if goodCount > limits.goods {
            shown = [Bool](repeating: false, count: goodCount)
            for level in 0..<economy.levelCount {
                let goods = economy.goods(atLevel: level).map(Int.init)
                let quota = max(1, goods.count * limits.goods / goodCount)
                let ranked = goods.sorted { a, b in
                    let va = abs(comparison.prices[a] * allocation.supply[a]), vb = abs(comparison.prices[b] * allocation.supply[b])
                    return va != vb ? va > vb : a < b
                }
                for g in ranked.prefix(quota) { shown[g] = true }
                if goods.count > quota { hiddenPerLevel[level] = goods.count - quota }
            }
            let drawn = shown.filter { $0 }.count
            notes.append("\(goodCount) goods: the \(drawn) of most value traded (price × supply) are drawn, the rest of each level as one box")
        }
        var hasUsers = [Bool](repeating: false, count: goodCount)
        for entry in entries.compactMap({ $0 }) { for input in entry.inputs { hasUsers[input.good] = true } }
        var topLevel = 0
        for g in 0..<goodCount where shown[g] { topLevel = max(topLevel, Int(economy.goodLevel[g])) }
        let drawnGoods = shown.filter { $0 }.count
        // Many goods: no firm boxes; each good's makers become the flows into it.
        let compact = drawnGoods > limits.detailedGoods
        let step = compact ? 1 : 2
        if compact { columnGap = 2 * NetworkPicture.columnGap }
        func column(ofGood g: Int) -> Int { step * (hasUsers[g] ? Int(economy.goodLevel[g]) : topLevel) }

        var makers = [[Int]](repeating: [], count: goodCount)
        for (e, entry) in entries.enumerated() {
            if let entry, shown[entry.output] { makers[entry.output].append(e) }
        }
        var useRow: [Int: (value: Double, error: Double)] = [:]
        var useRows = 0
        for g in 0..<goodCount {
            for row in Int(comparison.useStart[g])..<Int(comparison.useStart[g + 1]) {
                useRow[Int(comparison.useEntry[row]) * goodCount + g] = (comparison.useMarginalValue[row], comparison.useRelativeError[row])
                if shown[g] { useRows += 1 }
            }
        }
        // Marginal values go on the flows, unless there are too many to read: then each good's box gives
        // their range.
        labelsOnFlows = !compact && useRows <= limits.flowLabels

        var goodNode = [Int?](repeating: nil, count: goodCount)
        for g in 0..<goodCount where shown[g] {
            goodNode[g] = nodes.count
            var extra: [NetworkPicture.Line] = []
            if compact, !makers[g].isEmpty {
                let firms = makers[g].reduce(0) { $0 + (entries[$1]?.firmCount ?? 0) }
                extra.append(.init(text: makers[g].count == firms ? "made by \(firms) firm\(firms == 1 ? "" : "s")"
                                       : "made by \(makers[g].count) entries, \(firms) firms", style: .detail, size: 11))
            }
            if !labelsOnFlows, let line = Self.usesLine(g, comparison: comparison) { extra.append(line) }
            nodes.append(Self.goodNode(g, economy: economy, comparison: comparison, column: column(ofGood: g), extra: extra))
        }
        for level in hiddenPerLevel.keys.sorted() {
            guard let count = hiddenPerLevel[level] else { continue }
            nodes.append(Self.node(id: "more:\(level)", kind: .moreGoods(level: level, count: count), column: step * level,
                                   lines: [.init(text: "+ \(count) more goods", style: .name, size: 12),
                                           .init(text: "level \(level)", style: .detail, size: 11)],
                                   fill: .init(hex: 0xF6F6F6), stroke: .init(hex: 0xA0A0A0)))
        }

        // Producers: one box per entry, one sector per good with more entries than the limit, or none.
        var sectors = 0, dropped = 0
        var inputFlows: [(edge: Edge, value: Double)] = []
        for g in 0..<goodCount {
            guard let target = goodNode[g], !makers[g].isEmpty else { continue }
            let group = compact || makers[g].count > limits.entriesPerGood ? [makers[g]] : makers[g].map { [$0] }
            for members in group {
                let producer = compact ? target : nodes.count
                let firms = members.reduce(0) { $0 + (entries[$1]?.firmCount ?? 0) }
                if compact {
                    // The good's own box stands for its makers.
                } else if members.count == 1, let e = members.first {
                    var lines = [NetworkPicture.Line(text: economy.firmEntryNames[e], style: .name, size: 12)]
                    // A short production function says what the firm does; a long one would only crowd.
                    let production = economy.firmEntryProductions[e]
                    if production.count <= NetworkPicture.productionLength {
                        lines.append(.init(text: production, style: .detail, size: 11))
                    }
                    if firms > 1 { lines.append(.init(text: "\(firms) firms", style: .detail, size: 11)) }
                    nodes.append(Self.node(id: "firm:\(economy.firmEntryNames[e])", kind: .firm(entry: e),
                                           column: column(ofGood: g) - 1, lines: lines,
                                           fill: .init(hex: 0xFFFFFF), stroke: .init(hex: 0x8A8A8A)))
                } else {
                    sectors += 1
                    nodes.append(Self.node(id: "sector:\(economy.goods[g].name)", kind: .sector(entries: members),
                                           column: column(ofGood: g) - 1,
                                           lines: [.init(text: "\(economy.goods[g].name) makers", style: .name, size: 12),
                                                   .init(text: "\(members.count) entries, \(firms) firms", style: .detail, size: 11)],
                                           fill: .init(hex: 0xF2F2F2), stroke: .init(hex: 0x6A6A6A)))
                }
                // Inputs summed over the members, in order of first mention; marginal values weighted by
                // what each member received.
                var flows: [(good: Int, quantity: Double, weighted: Double, plain: Double, count: Int, hasUse: Bool)] = []
                for e in members {
                    guard let entry = entries[e] else { continue }
                    for input in entry.inputs {
                        let use = useRow[e * goodCount + input.good]
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
                var drawn: [(edge: Edge, value: Double)] = []
                for flow in flows {
                    guard let source = goodNode[flow.good] else { continue }
                    var edge = Edge(from: source, to: producer, quantity: flow.quantity, width: 0, marginalValue: nil,
                                    useError: nil, isInput: true, path: [], label: nil)
                    if flow.hasUse {
                        let value = flow.quantity > 0 ? flow.weighted / flow.quantity : flow.plain / Double(max(1, flow.count))
                        edge.marginalValue = value
                        edge.useError = relativeDifference(comparison.prices[flow.good], value)
                    }
                    drawn.append((edge, abs(comparison.prices[flow.good] * flow.quantity)))
                }
                if compact, drawn.count > limits.flowsPerGood {
                    dropped += drawn.count - limits.flowsPerGood
                    drawn = Self.largest(drawn, limits.flowsPerGood)
                }
                inputFlows += drawn
                if !compact {
                    let output = members.reduce(0.0) { $0 + (entries[$1]?.outputQuantity ?? 0) }
                    edges.append(Edge(from: producer, to: target, quantity: output, width: 0, marginalValue: nil,
                                      useError: nil, isInput: false, path: [], label: nil))
                }
            }
        }
        if compact {
            notes.append("\(drawnGoods) goods: firms are not drawn one by one; each flow is what a good's makers bought of an input")
            if dropped > 0 {
                notes.append("only the \(limits.flowsPerGood) largest inputs of each good by value traded (price × quantity) are drawn; \(dropped) smaller flows are left out")
            }
        }
        if !labelsOnFlows, useRows > 0 {
            notes.append("goods with several users give the range of their users' marginal values in their box (every one equals the price at equilibrium)")
        }
        if sectors > 0 {
            notes.append("\(sectors) goods made by more than \(limits.entriesPerGood) firm entries: each good's makers are drawn as one sector")
        }
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
