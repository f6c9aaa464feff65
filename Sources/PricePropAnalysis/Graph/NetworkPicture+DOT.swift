import PricePropBasics
import PricePropOutput

// MARK: - Graphviz DOT
//
// The same nodes, flows and labels as the SVG, for any tool that reads DOT: each box's lines become its
// label, its numbers in full precision become attributes (`price`, `gradient`, `relative_error`, `role`;
// `quantity` and `marginal_value` on flows), and each column is one rank, left to right.

extension NetworkPicture {
    /// The picture as a Graphviz `digraph` (ending in a newline); `dot -Tsvg` lays it out afresh.
    public var dot: String {
        var out = ""
        let heading = ([captions.first?.text ?? title] + notes).joined(separator: "\n")
        out.write("digraph \(Self.dotID(title)) {\n")
        out.write("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", nodesep=0.25, ranksep=0.7, label=\(Self.dotID(heading))];\n")
        out.write("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n")
        out.write("  edge [fontname=\"Helvetica\", fontsize=10, arrowsize=0.6];\n")
        for node in nodes {
            var attributes: [(String, String)] = [
                ("label", node.lines.map(\.text).joined(separator: "\n")),
                ("fillcolor", node.fill.hexString), ("color", node.stroke.hexString),
            ]
            if let role = node.role { attributes.append(("role", role)) }
            if let price = node.price { attributes.append(("price", Self.fullNumber(price))) }
            if let gradient = node.gradient { attributes.append(("gradient", Self.fullNumber(gradient))) }
            if let error = node.relativeError { attributes.append(("relative_error", Self.fullNumber(error))) }
            if node.role == nil { attributes.append(("fontsize", "10")) }
            out.write("  \(Self.dotID(node.id)) [\(Self.dotAttributes(attributes))];\n")
        }
        for edge in edges {
            var attributes: [(String, String)] = [
                ("penwidth", Self.coordinate(edge.width)), ("quantity", Self.fullNumber(edge.quantity)),
                ("color", (edge.isInput ? nodes[edge.from].stroke : SVGPlot.Color(hex: 0x6F6F6F)).hexString),
            ]
            if nodes[edge.to].role == nil { attributes.append(("arrowhead", "none")) }
            if let value = edge.marginalValue {
                attributes.append(("marginal_value", Self.fullNumber(value)))
                attributes.append(("label", Self.number(value)))
                attributes.append(("fontcolor", SVGPlot.Color(hex: Self.matchColor(Match(relativeError: edge.useError ?? .infinity))).hexString))
            }
            out.write("  \(Self.dotID(nodes[edge.from].id)) -> \(Self.dotID(nodes[edge.to].id)) [\(Self.dotAttributes(attributes))];\n")
        }
        let columnCount = (nodes.map(\.column).max() ?? -1) + 1
        for column in 0..<columnCount {
            let members = nodes.filter { $0.column == column }.map { Self.dotID($0.id) }
            guard !members.isEmpty else { continue }
            out.write("  { rank=same; \(members.joined(separator: "; ")); }\n")
        }
        out.write("}\n")
        return out
    }

    /// Shortest round-trip text, `nan`/`inf` when not finite.
    static func fullNumber(_ x: Double) -> String { NumberText.roundTrip(x) ?? NumberText.significant(x, digits: 17) }

    /// A double-quoted DOT identifier: quotes and backslashes escaped, line breaks as `\n`.
    static func dotID(_ text: String) -> String {
        var quoted = "\""
        for character in text {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": continue
            default: quoted.append(character)
            }
        }
        return quoted + "\""
    }

    static func dotAttributes(_ attributes: [(String, String)]) -> String {
        attributes.map { "\($0.0)=\(dotID($0.1))" }.joined(separator: ", ")
    }
}
