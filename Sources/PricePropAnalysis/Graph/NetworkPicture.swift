import PricePropOutput

/// A drawing of the supply network at one state of the market, as data: goods as boxes in columns by level
/// (primary goods left, final goods right), firm entries or sectors as small boxes between them, and flows as
/// curves whose width grows with the quantity traded.
///
/// Each good's box carries its market price, its backprop derivative `dV/dgood` and their relative error; an
/// input flow of a good with several users carries that user's marginal value `∂V/∂y · ∂f/∂x`. Every position
/// is computed here (``init(economy:comparison:allocation:title:state:limits:)``), so the SVG
/// (``svg``) and DOT (``dot``) writers only read it, and tests can check that no two labels overlap
/// (``labelBoxes``).
///
/// Text widths are estimated from the character count (0.6 em per character, as in ``SVGPlot``), so the
/// layout does not depend on installed fonts.
public struct NetworkPicture: Sendable, Equatable {
    /// The first header line, e.g. `tupperware at equilibrium (converged after 441 ticks)`.
    public var title: String
    /// The second header line: how to read the picture.
    public var subtitle: String
    /// What was aggregated or left out, said under the picture; empty when everything is drawn.
    public var notes: [String]
    /// Size of the whole picture in SVG user units (pixels).
    public var width: Double
    /// Height of the whole picture.
    public var height: Double
    /// Goods, firm entries, sectors and left-out goods, each with its box.
    public var nodes: [Node]
    /// Flows, inputs first, then outputs.
    public var edges: [Edge]
    /// The marginal values placed on edges.
    public var edgeLabels: [Label]
    /// Header, legend and note text, each with its box.
    public var captions: [Label]
    /// Coloured squares of the legend.
    public var swatches: [Swatch]
}

extension NetworkPicture {
    /// An axis-aligned rectangle; `y` grows downwards as in SVG.
    public struct Box: Sendable, Equatable {
        /// Top-left corner and size.
        public var x: Double, y: Double, width: Double, height: Double
        /// A box with its top-left corner at (`x`, `y`).
        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }

        /// Right edge.
        public var maxX: Double { x + width }
        /// Bottom edge.
        public var maxY: Double { y + height }
        /// Horizontal centre.
        public var midX: Double { x + width / 2 }
        /// Vertical centre.
        public var midY: Double { y + height / 2 }

        /// Whether the interiors meet (touching edges do not count).
        public func overlaps(_ other: Box) -> Bool {
            x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
        }

        /// This box grown by `margin` on every side.
        func expanded(by margin: Double) -> Box {
            Box(x: x - margin, y: y - margin, width: width + 2 * margin, height: height + 2 * margin)
        }
    }

    /// How a piece of text is drawn.
    public enum TextStyle: Sendable, Equatable {
        /// A good's or firm's name, bold.
        case name
        /// A number or a role, in dark grey.
        case detail
        /// Coloured by how well a price matches its derivative.
        case match(Match)
        /// Header title.
        case title
        /// Explanatory text, grey.
        case caption
        /// A note about what was aggregated, dark red.
        case note
    }

    /// Whether a style is drawn bold (and so measured a little wider).
    static func isBold(_ style: TextStyle) -> Bool {
        switch style {
        case .name, .title, .match: return true
        case .detail, .caption, .note: return false
        }
    }

    /// How close a market price (or a use's marginal value) is to its backprop derivative.
    public enum Match: Sendable, Equatable {
        /// Relative error at most ``NetworkPicture/closeError``.
        case close
        /// At most ``NetworkPicture/nearError``.
        case near
        /// Further apart, or not finite.
        case far
        /// A fixed price, its own derivative.
        case fixed

        init(relativeError: Double, isMarketPriced: Bool = true) {
            if !isMarketPriced { self = .fixed }
            else if relativeError <= NetworkPicture.closeError { self = .close }
            else if relativeError <= NetworkPicture.nearError { self = .near }
            else { self = .far }
        }
    }

    /// Relative errors up to this are drawn green: the price is the derivative to six digits.
    public static let closeError = 1e-6
    /// Up to this amber, above it red.
    public static let nearError = 1e-2

    /// One line of text inside a node.
    public struct Line: Sendable, Equatable {
        public var text: String
        public var style: TextStyle
        /// Font size in pixels.
        public var size: Double
    }

    /// A piece of text with the box it occupies (its text is centred in it).
    public struct Label: Sendable, Equatable {
        public var text: String
        public var style: TextStyle
        /// Font size in pixels.
        public var size: Double
        /// Where the text lies; the overlap checks read it.
        public var box: Box
        /// Left-aligned at `box.x` rather than centred.
        public var isLeftAligned: Bool
    }

    /// A coloured square with its meaning beside it (the text is a caption of its own).
    public struct Swatch: Sendable, Equatable {
        public var box: Box
        /// Drawn like the boxes it stands for.
        public var fill: SVGPlot.Color
        public var stroke: SVGPlot.Color
    }

    /// What a node stands for.
    public enum NodeKind: Sendable, Equatable {
        /// A good, by index in the economy.
        case good(Int)
        /// One firm entry of the scenario (with `count` firms).
        case firm(entry: Int)
        /// Several entries making the same good, drawn as one sector.
        case sector(entries: [Int])
        /// Goods of one level not drawn one by one.
        case moreGoods(level: Int, count: Int)
    }

    /// A box: a good, a firm entry, a sector, or the goods of a level that were left out.
    public struct Node: Sendable, Equatable {
        /// A stable identifier, e.g. `good:natgas`, `firm:A`, used by the DOT writer.
        public var id: String
        /// What it stands for.
        public var kind: NodeKind
        /// Column, from 0 at the left.
        public var column: Int
        /// Where it is drawn; its lines lie inside.
        public var box: Box
        /// Its text, top to bottom, each line centred.
        public var lines: [Line]
        /// Fill and outline, by role.
        public var fill: SVGPlot.Color
        public var stroke: SVGPlot.Color
        /// For goods: role (`primary`, `intermediate`, `fixed price`), market price, derivative, relative error.
        public var role: String?
        public var price: Double?
        public var gradient: Double?
        public var relativeError: Double?
    }

    /// A flow: a good into a firm (an input) or a firm's output into its good.
    public struct Edge: Sendable, Equatable {
        /// Indices into ``NetworkPicture/nodes``.
        public var from: Int, to: Int
        /// The quantity traded in the last tick, summed over the entry's firms.
        public var quantity: Double
        /// Stroke width, growing with `|quantity|`.
        public var width: Double
        /// For inputs of goods with several users: the user's marginal value and its relative error
        /// against the good's price.
        public var marginalValue: Double?
        public var useError: Double?
        /// Whether the flow is an input (good to firm) rather than an output (firm to good).
        public var isInput: Bool
        /// The curve: a start point, then per segment three points of a cubic Bézier.
        public var path: [Point]
        /// Index into ``NetworkPicture/edgeLabels`` of its marginal-value label, if drawn.
        public var label: Int?
    }

    /// A point in SVG user units.
    public struct Point: Sendable, Equatable {
        /// Coordinates, `y` growing downwards.
        public var x: Double, y: Double
        /// The point (`x`, `y`).
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// Above these sizes the picture aggregates, and says so in its notes.
    public struct Limits: Sendable, Equatable {
        /// Most goods drawn one by one; the rest of each level become one box, keeping the goods of most value
        /// traded (price × supply).
        public var goods: Int
        /// Most firm entries drawn for one good; a good with more gets one sector box.
        public var entriesPerGood: Int
        /// Most input flows drawn; the largest by value traded (price × quantity) are kept.
        public var inputFlows: Int
        /// Most goods drawn with their firm entries as boxes; above it flows run from good to good, each
        /// good's makers together, and only each good's ``flowsPerGood`` largest inputs are drawn.
        public var detailedGoods: Int
        public var flowsPerGood: Int
        /// Most marginal values written on flows; above it each good's box gives their range instead.
        public var flowLabels: Int

        /// Limits at or below which everything is drawn one by one; each is at least 1 (`flowLabels` 0).
        public init(goods: Int = 120, entriesPerGood: Int = 3, inputFlows: Int = 360, detailedGoods: Int = 30,
                    flowsPerGood: Int = 3, flowLabels: Int = 40) {
            self.goods = max(1, goods)
            self.entriesPerGood = max(1, entriesPerGood)
            self.inputFlows = max(1, inputFlows)
            self.detailedGoods = max(1, detailedGoods)
            self.flowsPerGood = max(1, flowsPerGood)
            self.flowLabels = max(0, flowLabels)
        }
    }

    /// Every text's box: nodes (whose lines lie inside them), edge labels and captions. No two overlap.
    public var labelBoxes: [Box] { nodes.map(\.box) + edgeLabels.map(\.box) + captions.map(\.box) }

    /// Estimated width of `text` at font size `size`: 0.6 em per character, a little more when bold.
    public static func textWidth(_ text: String, size: Double, bold: Bool = false) -> Double {
        Double(text.count) * size * (bold ? 0.64 : 0.6)
    }
}
