// MARK: - Layered layout
//
// Sugiyama's scheme, kept small: every node already has a column (goods at twice their level, each producer
// just left of its good), a flow spanning several columns gets a thin dummy item in each column it crosses,
// the items of each column are ordered by the barycentre heuristic (sweeps left to right by the left
// neighbours, then right to left by the right ones, keeping the order with the fewest crossings), and each
// column's items are then moved towards the mean height of their neighbours, as little as keeps them apart
// (an isotonic regression, solved exactly by pooling adjacent violators).

extension NetworkPicture {
    static let margin = 24.0
    static let columnGap = 72.0
    static let nodeGap = 16.0
    static let dummyGap = 5.0
    static let orderingRounds = 4
    static let placementRounds = 6

    /// The layout of the content's nodes and flows, with header, edge labels, legend and notes.
    static func laidOut(_ content: Content, title: String, state: String) -> NetworkPicture {
        var nodes = content.nodes, edges = content.edges
        var layout = LayeredLayout(nodes: nodes, edges: edges)
        layout.order()
        layout.place()
        let columns = Columns(layout, nodes: nodes, gap: content.columnGap)
        var picture = NetworkPicture(title: title, subtitle: "", notes: content.notes, width: 0, height: 0,
                                     nodes: [], edges: [], edgeLabels: [], captions: [], swatches: [])
        let contentWidth = max(columns.graphWidth, 640)
        let graphTop = picture.addHeader(title: title, state: state, width: contentWidth) + 22

        let top = layout.items.indices.map { layout.y[$0] - layout.items[$0].height / 2 }.min() ?? 0
        for n in nodes.indices {
            let column = nodes[n].column
            nodes[n].box.x = columns.x[column] + (columns.width[column] - nodes[n].box.width) / 2
            nodes[n].box.y = graphTop + layout.y[n] - nodes[n].box.height / 2 - top
        }
        let bottom = layout.items.indices.map { graphTop + layout.y[$0] + layout.items[$0].height / 2 - top }.max() ?? graphTop
        route(&edges, nodes: nodes, layout: layout, columns: columns) { item in graphTop + layout.y[item] - top }
        picture.nodes = nodes
        picture.edges = edges
        if content.labelsOnFlows { picture.placeEdgeLabels() }

        let y = max(bottom, picture.edgeLabels.map(\.box.maxY).max() ?? bottom) + 26
        picture.width = max(contentWidth + 2 * margin, (picture.captions.map(\.box.maxX).max() ?? 0) + margin)
        picture.height = picture.addLegend(top: y, width: picture.width - 2 * margin) + margin
        return picture
    }

    /// Columns left to right, each as wide as its widest node.
    struct Columns {
        var x: [Double]
        var width: [Double]
        let graphWidth: Double

        init(_ layout: LayeredLayout, nodes: [Node], gap: Double) {
            width = [Double](repeating: 0, count: layout.columnCount)
            for node in nodes { width[node.column] = max(width[node.column], node.box.width) }
            x = [Double](repeating: margin, count: layout.columnCount)
            for c in 1..<max(1, layout.columnCount) { x[c] = x[c - 1] + width[c - 1] + gap }
            graphWidth = (x.last ?? margin) + (width.last ?? 0) - margin
            // A narrow network is centred under the header.
            for c in x.indices { x[c] += max(0, 640 - graphWidth) / 2 }
        }
    }

    /// The title line and the wrapped subtitle, from the top margin; returns the height they reach.
    private mutating func addHeader(title: String, state: String, width contentWidth: Double) -> Double {
        let margin = Self.margin
        var y = margin
        captions.append(Label(text: title + (state.isEmpty ? "" : " " + state), style: .title, size: 18,
                              box: Box(x: margin, y: y, width: Self.textWidth(title + " " + state, size: 18, bold: true),
                                       height: Self.lineHeight(18)), isLeftAligned: true))
        y += Self.lineHeight(18) + 4
        subtitle = "Goods flow left to right; prices flow right to left, as backprop's derivatives do. Each good shows its market price, its backprop derivative dV/dgood and their relative error."
        for line in Self.wrap(subtitle, size: 12, width: max(contentWidth, Self.textWidth(title, size: 18, bold: true))) {
            captions.append(Label(text: line, style: .caption, size: 12,
                                  box: Box(x: margin, y: y, width: Self.textWidth(line, size: 12), height: Self.lineHeight(12)),
                                  isLeftAligned: true))
            y += Self.lineHeight(12)
        }
        return y
    }

    /// Each flow's path: it leaves a node's right side and enters the next node's left side at ports spread
    /// in the order of where the flows go, so that they do not cross at the node; `itemY` is an item's height
    /// in the figure.
    private static func route(_ edges: inout [Edge], nodes: [Node], layout: LayeredLayout, columns: Columns,
                              itemY: (Int) -> Double) {
        var outgoing = [[Int]](repeating: [], count: nodes.count), incoming = [[Int]](repeating: [], count: nodes.count)
        for e in edges.indices {
            outgoing[edges[e].from].append(e)
            incoming[edges[e].to].append(e)
        }
        var startY = [Double](repeating: 0, count: edges.count), endY = [Double](repeating: 0, count: edges.count)
        for n in nodes.indices {
            let box = nodes[n].box
            let out = outgoing[n].sorted { (itemY(layout.chains[$0][1]), $0) < (itemY(layout.chains[$1][1]), $1) }
            for (i, e) in out.enumerated() { startY[e] = port(i, of: out.count, box: box) }
            let into = incoming[n].sorted {
                (itemY(layout.chains[$0][layout.chains[$0].count - 2]), $0) < (itemY(layout.chains[$1][layout.chains[$1].count - 2]), $1)
            }
            for (i, e) in into.enumerated() { endY[e] = port(i, of: into.count, box: box) }
        }
        for e in edges.indices {
            var points: [Point] = [Point(x: nodes[edges[e].from].box.maxX, y: startY[e])]
            for item in layout.chains[e].dropFirst().dropLast() {
                let column = layout.items[item].column
                points.append(Point(x: columns.x[column], y: itemY(item)))
                points.append(Point(x: columns.x[column] + columns.width[column], y: itemY(item)))
            }
            points.append(Point(x: nodes[edges[e].to].box.x, y: endY[e]))
            // Straight through each column a dummy crosses, a horizontal-tangent cubic between columns.
            var path = [points[0]]
            for i in 1..<points.count {
                let a = points[i - 1], b = points[i]
                if i % 2 == 0 {
                    path += [a, b, b]
                } else {
                    let half = (b.x - a.x) / 2
                    path += [Point(x: a.x + half, y: a.y), Point(x: b.x - half, y: b.y), b]
                }
            }
            edges[e].path = path
        }
    }

    /// Where the `i`th of `count` flows meets a node's side: spread over the middle of the side.
    static func port(_ i: Int, of count: Int, box: Box) -> Double {
        guard count > 1 else { return box.midY }
        let spacing = min(9, (box.height - 8) / Double(count - 1))
        return box.midY + (Double(i) - Double(count - 1) / 2) * spacing
    }

    /// `text` broken at spaces into lines at most `width` wide at font size `size`.
    static func wrap(_ text: String, size: Double, width: Double) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if !line.isEmpty, textWidth(candidate, size: size) > width {
                lines.append(line)
                line = String(word)
            } else {
                line = candidate
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

/// Columns of items (nodes and dummies), their order and heights, before coordinates in pixels.
struct LayeredLayout {
    struct Item {
        var column: Int
        var height: Double
        var isDummy: Bool
    }

    var items: [Item]
    /// Per flow, the items it passes: its source node, the dummies, its target node.
    var chains: [[Int]]
    /// Items of each column, top to bottom.
    var columns: [[Int]]
    /// Neighbours of each item in the previous and next column.
    var left: [[Int]], right: [[Int]]
    /// Vertical centre of each item, from an arbitrary origin.
    var y: [Double]

    var columnCount: Int { columns.count }

    init(nodes: [NetworkPicture.Node], edges: [NetworkPicture.Edge]) {
        items = nodes.map { Item(column: $0.column, height: $0.box.height, isDummy: false) }
        let columnCount = (nodes.map(\.column).max() ?? 0) + 1
        chains = []
        for edge in edges {
            var chain = [edge.from]
            let from = nodes[edge.from].column, to = nodes[edge.to].column
            if to > from + 1 {
                for column in (from + 1)..<to {
                    chain.append(items.count)
                    items.append(Item(column: column, height: max(2, edge.width), isDummy: true))
                }
            }
            chain.append(edge.to)
            chains.append(chain)
        }
        columns = [[Int]](repeating: [], count: columnCount)
        for (i, item) in items.enumerated() { columns[item.column].append(i) }
        left = [[Int]](repeating: [], count: items.count)
        right = [[Int]](repeating: [], count: items.count)
        for chain in chains {
            for (a, b) in zip(chain, chain.dropFirst()) {
                right[a].append(b)
                left[b].append(a)
            }
        }
        y = [Double](repeating: 0, count: items.count)
    }

    // MARK: Ordering

    /// Barycentre sweeps; keeps the ordering with the fewest crossings seen.
    mutating func order() {
        var position = [Double](repeating: 0, count: items.count)
        func renumber() {
            for column in columns { for (i, item) in column.enumerated() { position[item] = Double(i) } }
        }
        renumber()
        var best = columns, fewest = crossings(position)
        for _ in 0..<NetworkPicture.orderingRounds {
            for pass in 0..<2 {
                let sweep = pass == 0 ? Array(1..<max(1, columnCount)) : Array((0..<max(0, columnCount - 1)).reversed())
                for c in sweep {
                    let keys = columns[c].map { item -> (Double, Double) in
                        let neighbours = pass == 0 ? left[item] : right[item]
                        guard !neighbours.isEmpty else { return (position[item], position[item]) }
                        return (neighbours.reduce(0) { $0 + position[$1] } / Double(neighbours.count), position[item])
                    }
                    columns[c] = zip(columns[c], keys).sorted { $0.1 < $1.1 }.map(\.0)
                    for (i, item) in columns[c].enumerated() { position[item] = Double(i) }
                }
                let count = crossings(position)
                if count < fewest {
                    fewest = count
                    best = columns
                }
            }
        }
        columns = best
    }

    /// Pairs of links between neighbouring columns that cross.
    func crossings(_ position: [Double]) -> Int {
        var total = 0
        for column in columns {
            var links: [(Double, Double)] = []
            for item in column { for next in right[item] { links.append((position[item], position[next])) } }
            links.sort { $0 < $1 }
            for i in links.indices {
                for j in (i + 1)..<links.count where links[j].0 > links[i].0 && links[j].1 < links[i].1 { total += 1 }
            }
        }
        return total
    }

    // MARK: Placement

    /// Stacks each column, then pulls items towards their neighbours' mean height, keeping order and gaps.
    mutating func place() {
        for column in columns {
            var top = 0.0
            for (i, item) in column.enumerated() {
                if i > 0 { top += gap(column[i - 1], item) }
                y[item] = top + items[item].height / 2
                top += items[item].height
            }
        }
        // Centre every column on the tallest one before pulling.
        let extent = columns.map { column in column.last.map { y[$0] + items[$0].height / 2 } ?? 0 }
        let tallest = extent.max() ?? 0
        for (c, column) in columns.enumerated() { for item in column { y[item] += (tallest - extent[c]) / 2 } }
        for round in 0..<NetworkPicture.placementRounds {
            let last = round == NetworkPicture.placementRounds - 1
            for c in 1..<max(1, columnCount) { pull(c, towards: last ? nil : left) }
            for c in (0..<max(0, columnCount - 1)).reversed() { pull(c, towards: last ? nil : right) }
        }
    }

    /// The space between neighbouring items' boxes.
    func gap(_ a: Int, _ b: Int) -> Double {
        items[a].isDummy || items[b].isDummy ? NetworkPicture.dummyGap : NetworkPicture.nodeGap
    }

    /// Moves column `c`'s items as close as their gaps allow to the mean height of their neighbours on one
    /// side (`nil`: both sides), minimising the sum of squared moves.
    mutating func pull(_ c: Int, towards side: [[Int]]?) {
        let column = columns[c]
        guard !column.isEmpty else { return }
        var desired: [Double] = []
        for item in column {
            let neighbours = side.map { $0[item] } ?? (left[item] + right[item])
            desired.append(neighbours.isEmpty ? y[item] : neighbours.reduce(0) { $0 + y[$1] } / Double(neighbours.count))
        }
        // y_i − y_{i−1} ≥ s_i becomes z_i = y_i − S_i non-decreasing, S the running sum of separations.
        var offsets = [Double](repeating: 0, count: column.count)
        for i in 1..<max(1, column.count) {
            offsets[i] = offsets[i - 1] + items[column[i - 1]].height / 2 + gap(column[i - 1], column[i]) + items[column[i]].height / 2
        }
        var blocks: [(sum: Double, count: Int)] = []
        for i in column.indices {
            blocks.append((desired[i] - offsets[i], 1))
            while blocks.count > 1 {
                let last = blocks[blocks.count - 1], previous = blocks[blocks.count - 2]
                guard previous.sum / Double(previous.count) > last.sum / Double(last.count) else { break }
                blocks.removeLast(2)
                blocks.append((previous.sum + last.sum, previous.count + last.count))
            }
        }
        var i = 0
        for block in blocks {
            let value = block.sum / Double(block.count)
            for _ in 0..<block.count {
                y[column[i]] = value + offsets[i]
                i += 1
            }
        }
    }
}
