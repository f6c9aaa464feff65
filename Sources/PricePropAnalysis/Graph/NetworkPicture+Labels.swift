// MARK: - Labels on flows, legend and notes
//
// A marginal value is placed on its flow, first along the curve leaving the good (so a good's uses read side
// by side), then along the flow's later curves, at the first position whose box meets no node, caption or
// label placed before it. A value that finds no room is left out and the notes say how many, so labels never
// overlap whatever the network.

extension NetworkPicture {
    static let edgeLabelSize = 11.0

    /// Positions along a curve tried in turn, as Bézier parameters, and offsets across it.
    static let labelPositions = [0.5, 0.35, 0.65, 0.2, 0.8]
    static let labelOffsets = [0.0, -10, 10]

    mutating func placeEdgeLabels() {
        let obstacles = nodes.map { $0.box.expanded(by: 3) } + captions.map(\.box)
        var placed: [Box] = []
        var unplaced = 0
        for e in edges.indices {
            guard let value = edges[e].marginalValue else { continue }
            let text = Self.number(value)
            let size = Self.edgeLabelSize
            let width = Self.textWidth(text, size: size, bold: true) + 6, height = Self.lineHeight(size) + 2
            let path = edges[e].path
            var found: Box?
            search: for segment in stride(from: 0, to: (path.count - 1) / 3, by: 2) {
                let p = Array(path[(3 * segment)...(3 * segment + 3)])
                for t in Self.labelPositions {
                    let point = Self.bezier(p, t)
                    for offset in Self.labelOffsets {
                        let box = Box(x: point.x - width / 2, y: point.y + offset - height / 2, width: width, height: height)
                        if obstacles.contains(where: box.overlaps) || placed.contains(where: { $0.expanded(by: 1).overlaps(box) }) {
                            continue
                        }
                        found = box
                        break search
                    }
                }
            }
            guard let box = found else { unplaced += 1; continue }
            placed.append(box)
            edges[e].label = edgeLabels.count
            edgeLabels.append(Label(text: text, style: .match(Match(relativeError: edges[e].useError ?? .infinity)),
                                    size: size, box: box, isLeftAligned: false))
        }
        if unplaced > 0 {
            notes.append("\(unplaced) marginal values found no room on their flows and are not drawn (see the comparison table)")
        }
    }

    /// The point at `t` of the cubic Bézier curve through `p[0]...p[3]`.
    static func bezier(_ p: [Point], _ t: Double) -> Point {
        let s = 1 - t
        let a = s * s * s, b = 3 * s * s * t, c = 3 * s * t * t, d = t * t * t
        return Point(x: a * p[0].x + b * p[1].x + c * p[2].x + d * p[3].x,
                     y: a * p[0].y + b * p[1].y + c * p[2].y + d * p[3].y)
    }

    /// Adds the legend and the notes from `top`, flowing left to right and wrapping at `width`; returns the
    /// bottom of the last line.
    mutating func addLegend(top: Double, width: Double) -> Double {
        let size = 12.0, rowHeight = Self.lineHeight(size) + 6
        var x = Self.margin, y = top
        func item(_ text: String, style: TextStyle, swatch: (fill: UInt32, stroke: UInt32)?) {
            let textWidth = Self.textWidth(text, size: size, bold: Self.isBold(style))
            let itemWidth = (swatch == nil ? 0 : 18) + textWidth
            if x > Self.margin, x + itemWidth > Self.margin + width {
                x = Self.margin
                y += rowHeight
            }
            if let swatch {
                swatches.append(Swatch(box: Box(x: x, y: y + 2, width: 12, height: 12),
                                       fill: .init(hex: swatch.fill), stroke: .init(hex: swatch.stroke)))
                x += 18
            }
            captions.append(Label(text: text, style: style, size: size,
                                  box: Box(x: x, y: y, width: textWidth, height: Self.lineHeight(size)), isLeftAligned: true))
            x += textWidth + 24
        }
        item("primary good", style: .caption, swatch: (0xE4F2DF, 0x4E8F3E))
        item("intermediate good", style: .caption, swatch: (0xE2ECF7, 0x3B6EA5))
        item("fixed-price good", style: .caption, swatch: (0xFCEEDB, 0xB5782A))
        let hasFirms = nodes.contains {
            switch $0.kind {
            case .firm, .sector: return true
            case .good, .moreGoods: return false
            }
        }
        if hasFirms { item("firm entry or sector", style: .caption, swatch: (0xFFFFFF, 0x8A8A8A)) }
        item("relative error ≤ \(Self.errorText(Self.closeError))", style: .match(.close), swatch: nil)
        item("≤ \(Self.errorText(Self.nearError))", style: .match(.near), swatch: nil)
        item("larger", style: .match(.far), swatch: nil)
        y += rowHeight
        var explanation = "A flow's width grows with the quantity traded in the last tick."
        // Only pictures with several users of a good carry marginal values to explain.
        if !edgeLabels.isEmpty {
            explanation += " Where a good has several users, the number on each of its flows is the marginal value ∂V/∂y · ∂f/∂x of the good to that user; at equilibrium every one equals the good's price."
        }
        for (text, style) in [(explanation, TextStyle.caption)] + notes.map({ ($0, TextStyle.note) }) {
            for line in Self.wrap(text, size: size, width: width) {
                captions.append(Label(text: line, style: style, size: size,
                                      box: Box(x: Self.margin, y: y, width: Self.textWidth(line, size: size),
                                               height: Self.lineHeight(size)), isLeftAligned: true))
                y += Self.lineHeight(size) + 2
            }
        }
        return y
    }
}
