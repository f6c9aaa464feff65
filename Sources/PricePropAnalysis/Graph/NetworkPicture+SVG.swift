import PricePropBasics
import PricePropOutput

// MARK: - SVG
//
// Flows first, then boxes over them, then the marginal values on a white ground, then header and legend.
// Output is deterministic: coordinates with at most two decimals, no dates or random ids.

extension NetworkPicture {
    /// The picture as a self-contained SVG document (XML declaration first, ending in a newline).
    public var svg: String { "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svgElement }

    /// Writes the SVG document.
    public func write(to out: inout some TextOutputStream) { out.write(svg) }

    /// The `<svg>` element alone, for embedding in an HTML page.
    public var svgElement: String {
        var svg = SVGText()
        let w = Self.coordinate(width), h = Self.coordinate(height)
        svg.line("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" font-family=\"Helvetica, Arial, sans-serif\">")
        svg.line("<title>\(escapeXML(title))</title>")
        svg.line("<defs><marker id=\"network-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"9\" markerHeight=\"9\" orient=\"auto\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#555555\"/></marker></defs>")
        svg.line("<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>")
        svg.line("<g fill=\"none\" stroke-linecap=\"butt\">")
        for edge in edges {
            let color = edge.isInput ? nodes[edge.from].stroke : SVGPlot.Color(hex: 0x6F6F6F)
            var d = "M \(Self.coordinate(edge.path[0]))"
            for i in stride(from: 1, to: edge.path.count - 2, by: 3) {
                d += " C \(Self.coordinate(edge.path[i])) \(Self.coordinate(edge.path[i + 1])) \(Self.coordinate(edge.path[i + 2]))"
            }
            // Arrows into goods only: a firm's inputs meet at its box without them.
            let arrow = nodes[edge.to].role == nil ? "" : " marker-end=\"url(#network-arrow)\""
            svg.line("<path d=\"\(d)\" stroke=\"\(color.hexString)\" stroke-opacity=\"0.55\" stroke-width=\"\(Self.coordinate(edge.width))\"\(arrow)><title>\(escapeXML(flowTitle(edge)))</title></path>")
        }
        svg.line("</g>")
        for node in nodes {
            let box = node.box
            let radius = node.role == nil ? box.height / 2 : 6
            let dash = { if case .moreGoods = node.kind { return " stroke-dasharray=\"4 3\"" } else { return "" } }()
            svg.line("<g><title>\(escapeXML(nodeTitle(node)))</title>")
            svg.line("<rect x=\"\(Self.coordinate(box.x))\" y=\"\(Self.coordinate(box.y))\" width=\"\(Self.coordinate(box.width))\" height=\"\(Self.coordinate(box.height))\" rx=\"\(Self.coordinate(min(radius, 14)))\" fill=\"\(node.fill.hexString)\" stroke=\"\(node.stroke.hexString)\" stroke-width=\"1.5\"\(dash)/>")
            var top = box.y + Self.nodePadding.y
            for line in node.lines {
                svg.line(Self.textElement(line.text, style: line.style, size: line.size, x: box.midX,
                                          baseline: top + line.size, anchor: "middle"))
                top += Self.lineHeight(line.size)
            }
            svg.line("</g>")
        }
        for label in edgeLabels {
            let box = label.box
            svg.line("<rect x=\"\(Self.coordinate(box.x))\" y=\"\(Self.coordinate(box.y))\" width=\"\(Self.coordinate(box.width))\" height=\"\(Self.coordinate(box.height))\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.9\"/>")
            svg.line(Self.textElement(label.text, style: label.style, size: label.size, x: box.midX,
                                      baseline: box.y + 1 + label.size, anchor: "middle"))
        }
        for swatch in swatches {
            let box = swatch.box
            svg.line("<rect x=\"\(Self.coordinate(box.x))\" y=\"\(Self.coordinate(box.y))\" width=\"\(Self.coordinate(box.width))\" height=\"\(Self.coordinate(box.height))\" rx=\"2\" fill=\"\(swatch.fill.hexString)\" stroke=\"\(swatch.stroke.hexString)\" stroke-width=\"1.5\"/>")
        }
        for caption in captions {
            let box = caption.box
            svg.line(Self.textElement(caption.text, style: caption.style, size: caption.size,
                                      x: caption.isLeftAligned ? box.x : box.midX, baseline: box.y + caption.size,
                                      anchor: caption.isLeftAligned ? "start" : "middle"))
        }
        svg.line("</svg>")
        return svg.text
    }

    /// Hover text of a node: its numbers in full.
    func nodeTitle(_ node: Node) -> String {
        var parts = [node.lines.first?.text ?? node.id]
        if let role = node.role { parts.append(role) }
        if let price = node.price { parts.append("price \(NumberText.significant(price, digits: 12))") }
        if let gradient = node.gradient { parts.append("dV/dgood \(NumberText.significant(gradient, digits: 12))") }
        if let error = node.relativeError { parts.append("relative error \(Self.errorText(error))") }
        return parts.joined(separator: "; ")
    }

    /// Hover text of a flow: what moves where, how much, and the marginal value.
    func flowTitle(_ edge: Edge) -> String {
        var text = "\(nodes[edge.from].lines.first?.text ?? "") → \(nodes[edge.to].lines.first?.text ?? ""): quantity \(NumberText.significant(edge.quantity, digits: 6))"
        if let value = edge.marginalValue { text += "; marginal value \(NumberText.significant(value, digits: 10))" }
        return text
    }

    static func textElement(_ text: String, style: TextStyle, size: Double, x: Double, baseline: Double, anchor: String) -> String {
        let weight = isBold(style) ? " font-weight=\"bold\"" : ""
        let color: UInt32
        switch style {
        case .name: color = 0x1A1A1A
        case .title: color = 0x111111
        case .detail: color = 0x333333
        case .caption: color = 0x555555
        case .note: color = 0x8B1A1A
        case let .match(match): color = matchColor(match)
        }
        return "<text x=\"\(coordinate(x))\" y=\"\(coordinate(baseline))\" font-size=\"\(coordinate(size))\" text-anchor=\"\(anchor)\" fill=\"\(SVGPlot.Color(hex: color).hexString)\"\(weight)>\(escapeXML(text))</text>"
    }

    /// Green, amber, red; grey for fixed prices.
    static func matchColor(_ match: Match) -> UInt32 {
        switch match {
        case .close: return 0x23802A
        case .near: return 0xB86E00
        case .far: return 0xC62828
        case .fixed: return 0x777777
        }
    }

    static func coordinate(_ x: Double) -> String { NumberText.fixed(x, decimals: 2) }
    static func coordinate(_ p: Point) -> String { "\(coordinate(p.x)) \(coordinate(p.y))" }
}
